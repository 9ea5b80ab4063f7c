package io.traceflow.agent.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class ClassHeaderTest {
    static byte[] classFile(String internalName) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsTheSuperClassAndTheInterfacesInOrder() throws IOException {
        // ArrayList's constant pool has a long (serialVersionUID): two slots, which the reader must count.
        assertThat(ClassHeader.directSuperTypes(classFile("java/util/ArrayList"))).containsExactly(
                "java/util/AbstractList", "java/util/List", "java/util/RandomAccess", "java/lang/Cloneable",
                "java/io/Serializable");
    }

    @Test
    void readsAClassOfThisProjectToo() throws IOException {
        assertThat(ClassHeader.directSuperTypes(classFile("io/traceflow/agent/startup/ClassLoadGate")))
                .containsExactly("java/lang/Object", "java/lang/instrument/ClassFileTransformer");
    }

    @Test
    void anInterfaceHasObjectAsItsSuperClass() throws IOException {
        assertThat(ClassHeader.directSuperTypes(classFile("java/lang/Runnable"))).containsExactly("java/lang/Object");
    }

    @Test
    void malformedOrCutClassFilesGiveNoSuperTypes() throws IOException {
        byte[] real = classFile("java/util/ArrayList");
        assertThat(ClassHeader.directSuperTypes(new byte[] {1, 2, 3})).isEmpty();
        assertThat(ClassHeader.directSuperTypes(new byte[0])).isEmpty();
        assertThat(ClassHeader.directSuperTypes(Arrays.copyOf(real, 200))).as("cut in the constant pool").isEmpty();
        byte[] badTag = real.clone();
        badTag[10] = 99; // the first constant pool entry's tag
        assertThat(ClassHeader.directSuperTypes(badTag)).isEmpty();
    }
}
