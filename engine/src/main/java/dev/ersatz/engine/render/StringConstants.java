package dev.ersatz.engine.render;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Interns, on a control thread, every string literal of the classes whose code runs on an audio
 * thread (JACK's, or the offline renderer's), and keeps them, so that the audio thread never interns one.
 *
 * <p>Why: when a thread's counters ask HotSpot for a top-tier (C2) compile of a method, that thread
 * first resolves every string constant of the method's class ({@code CompileBroker::compile_method}
 * calls {@code ConstantPool::resolve_string_constants}, "to prevent allocation during compilation").
 * A literal that no code has used yet, an error message, is interned right there: a String and its
 * byte[] on the requesting thread. The JACK backend's unused literals were the 1,040 bytes the
 * JACK tests saw now and then on the process thread: whenever the first C2 request for one of its
 * methods (copyOut, process) came from JACK's thread after the warm-up (docs/bench/jack.md). When an
 * equal string is already interned, resolution finds it and allocates nothing; the string table holds
 * its strings weakly, so they are kept here. The same in ComposeJackTest: the JACK thread's first C2
 * request for an {@code Instrument} method interned its two literals there (128 bytes), as no warm-up
 * had run; hence all of Ersatz's literals ({@link #internCodeOf}), not a list of classes.
 */
public final class StringConstants {
    private static final int UTF8 = 1, INTEGER = 3, FLOAT = 4, LONG = 5, DOUBLE = 6, CLASS = 7, STRING = 8,
            FIELD = 9, METHOD = 10, INTERFACE_METHOD = 11, NAME_AND_TYPE = 12, METHOD_HANDLE = 15, METHOD_TYPE = 16,
            DYNAMIC = 17, INVOKE_DYNAMIC = 18, MODULE = 19, PACKAGE = 20;
    private static final Set<String> KEPT = ConcurrentHashMap.newKeySet();
    private static final Set<Path> SCANNED = ConcurrentHashMap.newKeySet();

    private StringConstants() { }

    /**
     * Control thread. Interns and keeps the string constants of each class (string concatenation
     * recipes included: they are string constants too); hidden classes (lambdas) have no class file
     * and no strings of their own, and are skipped, as are nulls. Returns how many strings were interned.
     */
    public static int intern(Class<?>... classes) {
        int n = 0;
        for (Class<?> c : classes) {
            if (c == null || c.isHidden() || c.isArray() || c.isPrimitive()) continue;
            for (String s : of(c)) {
                KEPT.add(s.intern());
                n++;
            }
        }
        return n;
    }

    /**
     * Control thread. As {@link #intern(Class[])} for every class file in the directory or jar each
     * class was loaded from (Ersatz's own modules: whatever of their code JACK's thread reaches, through
     * processors that wrap processors, without naming it), once per location and JVM. Returns how
     * many strings were interned now.
     */
    public static int internCodeOf(Class<?>... anchors) {
        int n = 0;
        for (Class<?> anchor : anchors) {
            java.security.CodeSource source = anchor.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) continue; // the JDK's own
            Path where;
            try {
                where = Path.of(source.getLocation().toURI());
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                throw new IllegalStateException("cannot read the classes of " + source.getLocation() + ": " + e.getMessage(), e);
            }
            if (!SCANNED.add(where)) continue;
            try {
                if (Files.isDirectory(where)) {
                    n += internClassFiles(where);
                } else {
                    try (FileSystem jar = FileSystems.newFileSystem(where)) {
                        for (Path root : jar.getRootDirectories()) n += internClassFiles(root);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the classes of " + where + ": " + e.getMessage(), e);
            }
        }
        return n;
    }

    private static int internClassFiles(Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().equals("module-info.class")).toList();
        }
        int n = 0;
        for (Path f : files) {
            for (String s : strings(Files.readAllBytes(f))) {
                KEPT.add(s.intern());
                n++;
            }
        }
        return n;
    }

    /** Whether a string equal to {@code s} is interned and kept here (tests). */
    public static boolean kept(String s) { return KEPT.contains(s); }

    /** The values of the CONSTANT_String entries of {@code c}'s class file (JVMS 4.4), in pool order. */
    public static List<String> of(Class<?> c) {
        String file = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = c.getResourceAsStream(file)) {
            if (in == null) throw new IOException("no class file");
            return strings(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the constant pool of " + c.getName() + ": " + e.getMessage(), e);
        }
    }

    private static List<String> strings(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.readInt(); // minor, major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> stringRefs = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case UTF8 -> utf8[i] = in.readUTF(); // the class file's modified UTF-8 is DataInput's
                case STRING -> stringRefs.add(in.readUnsignedShort());
                case CLASS, METHOD_TYPE, MODULE, PACKAGE -> in.skipNBytes(2);
                case METHOD_HANDLE -> in.skipNBytes(3);
                case INTEGER, FLOAT, FIELD, METHOD, INTERFACE_METHOD, NAME_AND_TYPE, DYNAMIC, INVOKE_DYNAMIC -> in.skipNBytes(4);
                case LONG, DOUBLE -> {
                    in.skipNBytes(8);
                    i++; // takes two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        List<String> out = new ArrayList<>(stringRefs.size());
        for (int ref : stringRefs) out.add(utf8[ref]);
        return out;
    }
}
