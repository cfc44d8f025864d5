package dev.ersatz.engine.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The lock-free rings and queue under real concurrency: nothing lost, duplicated or reordered. */
class RingTest {

    /**
     * Spins until {@code ready} holds; fails (instead of hanging) when {@code others} all died or
     * nothing happened for 10 s.
     */
    private static void await(java.util.function.BooleanSupplier ready, long deadline, Thread... others) {
        while (!ready.getAsBoolean()) {
            boolean alive = false;
            for (Thread t : others) alive |= t.isAlive();
            if (!alive && !ready.getAsBoolean()) throw new AssertionError("the other side stopped");
            if (System.nanoTime() > deadline) throw new AssertionError("no progress for 10 s");
            Thread.onSpinWait();
        }
    }

    private static long tenSeconds() { return System.nanoTime() + 10_000_000_000L; }

    /** Producers that give up when the test ends, so a failed consumer fails the test instead of hanging it. */
    private static Thread producer(java.util.concurrent.atomic.AtomicBoolean stop, Runnable body) {
        Thread t = new Thread(body, "ring-test-producer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void segmentRingDeliversEveryDecisionInOrderAcrossThreads() throws Exception {
        SegmentRing ring = new SegmentRing(8);
        int n = 200_000;
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread producer = producer(stop, () -> {
            Segment s = new Segment();
            for (int i = 0; i < n && !stop.get(); i++) {
                s.set(i, i * 2, i % 7, i % 5, i * 0.5f, 1f / (i + 1), -1f);
                while (!ring.offer(s)) {
                    if (stop.get()) return;
                    Thread.onSpinWait();
                }
            }
        });
        try {
            Segment got = new Segment();
            for (int i = 0; i < n; i++) {
                long deadline = tenSeconds();
                await(() -> ring.poll(got), deadline, producer);
                assertEquals(i, got.clip);
                assertEquals(i * 2, got.start);
                assertEquals(i % 7, got.length);
                assertEquals(i % 5, got.hop);
                assertEquals(i * 0.5f, got.rate);
                assertEquals(1f / (i + 1), got.gain);
            }
            producer.join(10_000);
            assertFalse(producer.isAlive());
            assertFalse(ring.poll(got));
        } finally {
            stop.set(true);
        }
    }

    @Test
    void segmentRingRefusesWhenFull() {
        SegmentRing ring = new SegmentRing(4);
        Segment s = new Segment();
        for (int i = 0; i < 4; i++) assertTrue(ring.offer(s.set(i, 0, 0, 0, 1, 1, 0)));
        assertFalse(ring.offer(s));
        assertEquals(4, ring.size());
    }

    @Test
    void controlQueueTakesEventsFromManyThreadsAndLosesNone() throws Exception {
        ControlQueue q = new ControlQueue(256);
        int threads = 4;
        int each = 50_000;
        AtomicLong refusedRetries = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread[] ps = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ps[t] = producer(stop, () -> {
                for (int i = 0; i < each; i++) {
                    while (!q.offer(i, EventBuffer.PARAM, id, i, 0, i)) {
                        if (stop.get()) return;
                        refusedRetries.incrementAndGet();
                        Thread.onSpinWait();
                    }
                }
            });
        }
        try {
            int[] next = new int[threads];
            ControlQueue.Slot s = new ControlQueue.Slot();
            for (int got = 0; got < threads * each; got++) {
                await(() -> q.poll(s), tenSeconds(), ps);
                assertEquals(next[s.a], s.b, "per-producer order");
                assertEquals(s.b, s.frame);
                next[s.a]++;
            }
            for (Thread p : ps) p.join(10_000);
            assertFalse(q.poll(s));
            assertEquals(refusedRetries.get(), q.refused());
        } finally {
            stop.set(true);
        }
    }

    @Test
    void aOneSlotControlQueueIsRefused() {
        // Its published sequence would equal its free-for-the-next-lap sequence (see ControlQueueStress).
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new ControlQueue(1));
    }

    @Test
    void transportReadsAreConsistent() throws Exception {
        TransportState t = new TransportState();
        t.update(0, true, true, 60, 4, 0);
        int minReads = 100_000;
        AtomicLong reads = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        // The writer goes on until the reader has read enough (so every read overlaps writes).
        Thread writer = producer(stop, () -> {
            for (long f = 1; !stop.get(); f++) t.update(f, f % 2 == 0, true, 60 + f % 100, 4, (f % 400) / 100.0);
        });
        try {
            TransportState.Snapshot s = new TransportState.Snapshot();
            long distinct = 0;
            long last = -1;
            long deadline = tenSeconds();
            while (reads.get() < minReads) {
                if (System.nanoTime() > deadline) throw new AssertionError("reader starved: " + reads.get() + " reads");
                t.read(s);
                assertEquals(60 + s.frame % 100, s.bpm, 0.0, "bpm torn from frame " + s.frame);
                assertEquals(s.frame % 2 == 0, s.rolling, "rolling torn from frame " + s.frame);
                assertEquals((s.frame % 400) / 100.0, s.barBeat, 0.0, "bar position torn from frame " + s.frame);
                if (s.frame != last) distinct++;
                last = s.frame;
                reads.incrementAndGet();
            }
            assertTrue(distinct > 1, "the reader saw the writer move (" + distinct + " distinct frames)");
        } finally {
            stop.set(true);
            writer.join(10_000);
        }
    }

    @Test
    void parametersHaveStableIdsAndRanges() {
        ParameterSet p = InstrumentParams.SET;
        assertEquals(InstrumentParams.GAIN, p.indexOf("gain"));
        assertEquals(InstrumentParams.TEMPERATURE, p.indexOf("temperature"));
        assertEquals(1f, p.get(InstrumentParams.TEMPERATURE).defaultValue());
        assertEquals(4f, p.get(InstrumentParams.TEMPERATURE).clamp(9f));
        assertEquals(-1, p.indexOf("nope"));
        for (String id : new String[] {"attack", "release", "transpose", "density", "grain", "pan_spread"}) {
            assertTrue(p.indexOf(id) >= 0, id);
        }
    }
}
