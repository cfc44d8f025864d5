package dev.ersatz.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ersatz.engine.render.Segment;
import dev.ersatz.engine.render.SegmentRing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/** SegmentRing (single producer, single consumer) under jcstress. */
public final class SegmentRingStress {
    private SegmentRingStress() { }

    /** A polled decision carries every field the producer wrote before it published it. */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "polled before the offer")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "polled the whole decision")
    @Outcome(expect = FORBIDDEN, desc = "a decision seen before its fields")
    @State
    public static class Publication {
        final SegmentRing ring = new SegmentRing(4);
        final Segment in = new Segment();
        final Segment out = new Segment();

        @Actor
        public void producer() {
            in.set(42, 4242, 100, 50, 0.5f, 0.25f, -1f).join(7, Segment.EQUAL_POWER);
            in.sequence = 99;
            ring.offer(in);
        }

        @Actor
        public void consumer(II_Result r) {
            if (!ring.poll(out)) return;
            r.r1 = 1;
            r.r2 = out.clip == 42 && out.start == 4242 && out.length == 100 && out.hop == 50 && out.rate == 0.5f
                    && out.gain == 0.25f && out.pan == -1f && out.overlap == 7 && out.shape == Segment.EQUAL_POWER
                    && out.sequence == 99 ? 1 : -1;
        }
    }

    /**
     * A one-slot ring: the second offer succeeds only once the first decision was taken, and the
     * consumer sees each decision at most once, in order, never the second overwriting the first.
     */
    @JCStressTest
    @Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "consumer first; the second offer found the ring full")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "first poll early, second took 1; the ring was full for 2")
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "took 1, the second offer found the ring still full")
    @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "took 1, decision 2 went in after the second poll")
    @Outcome(id = "1, 2, 2", expect = ACCEPTABLE, desc = "took both, in order")
    @Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "took 1 late; 2 went in after")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated, reordered or overwritten")
    @State
    public static class FullRing {
        final SegmentRing ring = new SegmentRing(1);
        final Segment in = new Segment();
        final Segment out = new Segment();

        @Actor
        public void producer(III_Result r) {
            int offered = 0;
            if (ring.offer(in.set(1, 0, 0, 0, 1f, 1f, 0f))) offered++;
            if (ring.offer(in.set(2, 0, 0, 0, 1f, 1f, 0f))) offered++;
            r.r3 = offered;
        }

        @Actor
        public void consumer(III_Result r) {
            r.r1 = ring.poll(out) ? out.clip : 0;
            r.r2 = ring.poll(out) ? out.clip : 0;
        }
    }
}
