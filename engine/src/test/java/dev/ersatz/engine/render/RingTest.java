package dev.ersatz.engine.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The lock-free rings and queue under real concurrency: nothing lost, duplicated or reordered. */
class RingTest {

    @Test
    void segmentRingDeliversEveryDecisionInOrderAcrossThreads() throws Exception {
        SegmentRing ring = new SegmentRing(8);
        int n = 200_000;
        Thread producer = new Thread(() -> {
            Segment s = new Segment();
            for (int i = 0; i < n; i++) {
                s.set(i, i * 2, i % 7, i % 5, i * 0.5f, 1f / (i + 1), -1f);
                while (!ring.offer(s)) Thread.onSpinWait();
            }
        });
        producer.start();
        Segment got = new Segment();
        for (int i = 0; i < n; i++) {
            while (!ring.poll(got)) Thread.onSpinWait();
            assertEquals(i, got.clip);
            assertEquals(i * 2, got.start);
            assertEquals(i % 7, got.length);
            assertEquals(i % 5, got.hop);
            assertEquals(i * 0.5f, got.rate);
            assertEquals(1f / (i + 1), got.gain);
        }
        producer.join();
        assertFalse(ring.poll(got));
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
        Thread[] ps = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ps[t] = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    while (!q.offer(i, EventBuffer.PARAM, id, i, 0, i)) {
                        refusedRetries.incrementAndGet();
                        Thread.onSpinWait();
                    }
                }
            });
            ps[t].start();
        }
        int[] next = new int[threads];
        ControlQueue.Slot s = new ControlQueue.Slot();
        int got = 0;
        while (got < threads * each) {
            if (!q.poll(s)) { Thread.onSpinWait(); continue; }
            assertEquals(next[s.a], s.b, "per-producer order");
            assertEquals(s.b, s.frame);
            next[s.a]++;
            got++;
        }
        for (Thread p : ps) p.join();
        assertFalse(q.poll(s));
        assertEquals(refusedRetries.get(), q.refused());
    }

    @Test
    void transportReadsAreConsistent() throws Exception {
        TransportState t = new TransportState();
        t.update(0, 60, true);
        Thread writer = new Thread(() -> {
            for (long f = 0; f < 200_000; f++) t.update(f, 60 + f % 100, f % 2 == 0);
        });
        writer.start();
        TransportState.Snapshot s = new TransportState.Snapshot();
        while (writer.isAlive()) {
            t.read(s);
            assertEquals(60 + s.frame % 100, s.bpm, 0.0);
            assertEquals(s.frame % 2 == 0, s.rolling);
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
