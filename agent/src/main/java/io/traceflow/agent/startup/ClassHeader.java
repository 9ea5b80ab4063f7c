package io.traceflow.agent.startup;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the direct super types (super class and interfaces, internal names) from a class file's bytes, walking
 * just the constant pool: what the {@link ClassLoadGate} needs to tell, at a class's load and without Byte Buddy,
 * whether it directly extends or implements a hooked library type. Malformed input yields an empty list: the
 * class is then treated as unrelated, and the JVM reports the bad class file as usual.
 */
final class ClassHeader {
    private static final int CLASS = 7;

    private ClassHeader() {
    }

    static List<String> directSuperTypes(byte[] classFile) {
        try {
            return read(classFile);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return List.of();
        }
    }

    private static List<String> read(byte[] b) {
        if (u4(b, 0) != 0xCAFEBABE) {
            return List.of();
        }
        int count = u2(b, 8);
        int[] offsets = new int[count]; // where each constant pool entry's payload starts
        int[] tags = new int[count];
        int at = 10;
        for (int i = 1; i < count; i++) {
            int tag = b[at] & 0xFF;
            tags[i] = tag;
            offsets[i] = at + 1;
            at += 1 + payloadSize(tag, b, at + 1);
            if (tag == 5 || tag == 6) {
                i++; // long and double take two slots
            }
        }
        at += 2; // access flags
        at += 2; // this_class
        List<String> supers = new ArrayList<>();
        int superClass = u2(b, at);
        at += 2;
        if (superClass != 0) {
            supers.add(className(b, superClass, offsets, tags));
        }
        int interfaces = u2(b, at);
        at += 2;
        for (int i = 0; i < interfaces; i++, at += 2) {
            supers.add(className(b, u2(b, at), offsets, tags));
        }
        return supers;
    }

    private static int payloadSize(int tag, byte[] b, int at) {
        switch (tag) {
            case 1:
                return 2 + u2(b, at); // Utf8: length-prefixed
            case 7: case 8: case 16: case 19: case 20:
                return 2;
            case 15:
                return 3;
            case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                return 4;
            case 5: case 6:
                return 8;
            default:
                throw new IllegalArgumentException("constant pool tag " + tag);
        }
    }

    private static String className(byte[] b, int index, int[] offsets, int[] tags) {
        if (tags[index] != CLASS) {
            throw new IllegalArgumentException("not a class entry: " + index);
        }
        int utf8 = offsets[u2(b, offsets[index])];
        int length = u2(b, utf8);
        // Class names in class files are modified UTF-8; a package prefix test needs only their ASCII form.
        return new String(b, utf8 + 2, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static int u2(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int u4(byte[] b, int at) {
        return (u2(b, at) << 16) | u2(b, at + 2);
    }
}
