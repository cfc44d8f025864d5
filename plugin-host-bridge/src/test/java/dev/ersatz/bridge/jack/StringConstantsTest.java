package dev.ersatz.bridge.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.render.StringConstants;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The JVM behaviour behind the 1,040 bytes, without JACK: a thread that runs a method hot enough for
 * HotSpot's top tier interns its class's unused string literals (a String and a byte[] each) when it
 * asks for that compile; with the literals interned beforehand by {@link StringConstants}, the same
 * thread allocates nothing.
 */
class StringConstantsTest {
    /** Calls of {@code run}'s loop: far past the C2 thresholds (tens of thousands), under load too. */
    static final int CALLS = 5_000_000;

    /**
     * The same code as {@link Pinned}, its own literals (used nowhere else, so interned nowhere yet),
     * in a method that is never compiled, as JackBackend's error messages: a literal in a method C1
     * compiles is interned by the compiler's thread.
     */
    static final class Unpinned {
        static long run(int n) {
            long sum = 0;
            for (int i = 0; i < n; i++) sum += step(i);
            return sum;
        }

        static int step(int x) { return (x * 31) ^ (x >>> 3); }

        /** Never called, so never compiled: nothing but the top-tier request resolves its literals. */
        static void check(int x) {
            if (x < 0) throw new IllegalArgumentException("StringConstantsTest.Unpinned: negative step " + x);
            if (x == Integer.MAX_VALUE) throw new IllegalStateException("StringConstantsTest.Unpinned: the last step");
        }
    }

    static final class Pinned {
        static long run(int n) {
            long sum = 0;
            for (int i = 0; i < n; i++) sum += step(i);
            return sum;
        }

        static int step(int x) { return (x * 31) ^ (x >>> 3); }

        /** Never called, so never compiled: nothing but the top-tier request resolves its literals. */
        static void check(int x) {
            if (x < 0) throw new IllegalArgumentException("StringConstantsTest.Pinned: negative step " + x);
            if (x == Integer.MAX_VALUE) throw new IllegalStateException("StringConstantsTest.Pinned: the last step");
        }
    }

    /** Bytes {@code run} allocates on a fresh thread (the class loaded and linked beforehand, on this one). */
    static long allocatedByRun(java.util.function.IntToLongFunction run) throws InterruptedException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        threads.getCurrentThreadAllocatedBytes(); // its native method linked here, not on the measured thread
        run.applyAsLong(1);                       // loaded, linked, interpreted once: no compile asked for
        AtomicLong bytes = new AtomicLong(-1);
        Thread t = new Thread(() -> {
            long before = threads.getCurrentThreadAllocatedBytes();
            run.applyAsLong(CALLS);
            run.applyAsLong(CALLS);
            bytes.set(threads.getCurrentThreadAllocatedBytes() - before);
        }, "string-constants-test");
        t.start();
        t.join();
        return bytes.get();
    }

    /** A Latin-1 String on a 64-bit JVM with compressed pointers (heaps under 32 GB): 24 bytes, its byte[] 16 + length, to 8. */
    static long internedSize(List<String> strings) {
        long n = 0;
        for (String s : strings) n += 24 + (16 + s.length() + 7) / 8 * 8;
        return n;
    }

    @Test
    void theThreadAskingForTheTopTierInternsTheClassesUnusedLiterals() throws Exception {
        List<String> literals = StringConstants.of(Unpinned.class);
        // The concatenation's recipe and the plain literal; not spelled out here, where this class's
        // own constant would intern them.
        assertEquals(2, literals.size(), literals.toString());
        assertTrue(literals.stream().allMatch(x -> x.startsWith("StringConstantsTest.Unpinned: ")), literals.toString());
        long bytes = allocatedByRun(Unpinned::run);
        System.out.printf("a thread that compiles Unpinned hot allocated %d bytes; its %d literals interned take %d%n",
                bytes, literals.size(), internedSize(literals));
        assertEquals(internedSize(literals), bytes, "the hot thread allocated exactly its class's unused literals");
    }

    @Test
    void internedBeforehandTheSameThreadAllocatesNothing() throws Exception {
        assertEquals(2, StringConstants.intern(Pinned.class));
        long bytes = allocatedByRun(Pinned::run);
        System.out.printf("a thread that compiles Pinned hot, its literals interned beforehand, allocated %d bytes%n", bytes);
        assertEquals(0, bytes);
    }

    @Test
    void internsEveryLiteralOfADirectoryOrAJarOnce() {
        long t0 = System.nanoTime();
        // engine/target/classes (or its jar), and JNA's jar; a JackBackend opened before in this JVM may have read the engine's already
        int n = StringConstants.internCodeOf(dev.ersatz.engine.render.Processor.class, com.sun.jna.Pointer.class);
        System.out.printf("interned %d literals of the engine and JNA in %.0f ms%n", n, (System.nanoTime() - t0) / 1e6);
        for (Class<?> c : List.of(dev.ersatz.engine.render.Instrument.class, dev.ersatz.engine.compose.LiveComposer.class, com.sun.jna.Native.class)) {
            List<String> literals = StringConstants.of(c);
            assertTrue(!literals.isEmpty() && literals.stream().allMatch(StringConstants::kept), c + ": " + literals);
        }
        assertEquals(0, StringConstants.internCodeOf(dev.ersatz.engine.render.Processor.class, com.sun.jna.Pointer.class), "once per location");
        assertEquals(0, StringConstants.internCodeOf(String.class), "the JDK's own: no code source");
    }

    @Test
    void readsEveryLiteralOfAClassFile() {
        // JackBackend's own: port names, thread names, error messages and concatenation recipes.
        List<String> s = StringConstants.of(JackBackend.class);
        assertTrue(s.contains("out_L") && s.contains("ersatz-jack-process") && s.contains("JACK refused the process callback"), s.toString());
        assertTrue(s.contains("negative input latency \u0001"), s.toString());
        assertTrue(StringConstants.of(CallbackTimings.class).isEmpty());
        assertEquals(0, StringConstants.intern(null, int.class, String[].class, ((Runnable) () -> { }).getClass()));
    }
}
