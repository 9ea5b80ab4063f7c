package io.traceflow.agent.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

class EarlyClassRetransformerTest {
    interface Marker {
    }

    static class Base implements Callable<String> {
        @Override
        public String call() {
            return "";
        }
    }

    static class SubOfBase extends Base {
    }

    static class ViaInterface implements Marker {
    }

    private final EarlyClassRetransformer hookedConcurrentAndMarker = new EarlyClassRetransformer(null,
            List.of("java.util.concurrent.", Marker.class.getName()));

    @Test
    void aClassIsCandidateWhenItOrAnySuperTypeIsInAHookedPackage() {
        assertThat(hookedConcurrentAndMarker.mayBeHooked(SubOfBase.class)).as("interface of its super class").isTrue();
        assertThat(hookedConcurrentAndMarker.mayBeHooked(ViaInterface.class)).isTrue();
        assertThat(hookedConcurrentAndMarker.mayBeHooked(Marker.class)).as("itself").isTrue();
    }

    @Test
    void unrelatedClassesAreNot() {
        assertThat(hookedConcurrentAndMarker.mayBeHooked(ArrayList.class)).isFalse();
        assertThat(hookedConcurrentAndMarker.mayBeHooked(AbstractList.class)).isFalse();
        assertThat(hookedConcurrentAndMarker.mayBeHooked(String.class)).isFalse();
    }
}
