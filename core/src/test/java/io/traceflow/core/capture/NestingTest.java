package io.traceflow.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One logical call, one step: the nesting guard. */
class NestingTest {
    private final Object call = new Object();
    private final Object inner = new Object();

    @AfterEach
    void nothingLeftActive() {
        assertThat(Nesting.enclosing("openai")).isNull();
        assertThat(Nesting.enclosing("langchain4j")).isNull();
    }

    @Test
    void aCallWithTheSameKeyIsPartOfTheActiveOne() {
        Nesting.Entry entry = Nesting.enter("openai", call);

        assertThat(Nesting.enclosing("openai")).isSameAs(call);
        assertThat(Nesting.enclosing("langchain4j")).isNull();
        Nesting.leave(entry);
        assertThat(Nesting.enclosing("openai")).isNull();
    }

    @Test
    void libraryKeysAreEqualAcrossInstancesOtherKeysByIdentity() {
        // a library's name comes from different class loaders as different String instances
        Nesting.Entry byName = Nesting.enter(new String("openai"), call);
        assertThat(Nesting.enclosing(new String("openai"))).isSameAs(call);
        Nesting.leave(byName);

        List<String> model = List.of("model");
        Nesting.Entry byInstance = Nesting.enter(model, call);
        assertThat(Nesting.enclosing(model)).isSameAs(call);
        assertThat(Nesting.enclosing(List.of("model"))).as("an equal but other model instance").isNull();
        Nesting.leave(byInstance);
    }

    @Test
    void onlyTheInnermostCallCounts() {
        Nesting.Entry outer = Nesting.enter("langchain4j", call);
        Nesting.Entry nested = Nesting.enter("openai", inner);

        // the SDK call inside a framework model's call: the framework's key is not the innermost
        assertThat(Nesting.enclosing("langchain4j")).isNull();
        assertThat(Nesting.enclosing("openai")).isSameAs(inner);
        Nesting.leave(nested);
        assertThat(Nesting.enclosing("langchain4j")).isSameAs(call);
        Nesting.leave(outer);
    }

    @Test
    void leavingAnOuterEntryDropsWhatIsAboveIt() {
        Nesting.Entry a = Nesting.enter("langchain4j", call);
        Nesting.enter("openai", inner); // never left: its exit was lost
        Nesting.enter("tool", new Object());

        Nesting.leave(a);

        assertThat(Nesting.enclosing("tool")).isNull();
        assertThat(Nesting.enclosing("openai")).isNull();
        assertThat(Nesting.enclosing("langchain4j")).isNull();
        // and the next call is outermost again
        Nesting.Entry next = Nesting.enter("openai", call);
        Nesting.leave(next);
        assertThat(Nesting.enclosing("openai")).isNull();
    }

    @Test
    void leavingAnEntryNotActiveChangesNothing() {
        Nesting.Entry gone = Nesting.enter("openai", inner);
        Nesting.leave(gone);
        Nesting.Entry active = Nesting.enter("openai", call);

        Nesting.leave(gone);
        Nesting.leave(null);

        assertThat(Nesting.enclosing("openai")).isSameAs(call);
        Nesting.leave(active);
    }

    @Test
    void otherThreadsSeeNothing() throws Exception {
        Nesting.Entry entry = Nesting.enter("openai", call);
        AtomicReference<Object> seen = new AtomicReference<>("unset");
        Thread other = new Thread(() -> seen.set(Nesting.enclosing("openai")));
        other.start();
        other.join();
        Nesting.leave(entry);

        assertThat(seen.get()).isNull();
    }
}
