package dev.ersatz.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ersatz.engine.render.ControlQueue;
import dev.ersatz.engine.render.EventBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/** ControlQueue (many producers, one consumer: the audio thread) under jcstress. */
public final class ControlQueueStress {
    private ControlQueueStress() { }

    /** A polled event carries every field its producer wrote. */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "polled before the offer")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "polled the whole event")
    @Outcome(expect = FORBIDDEN, desc = "an event seen before its fields")
    @State
    public static class Publication {
        final ControlQueue q = new ControlQueue(4);
        final ControlQueue.Slot slot = new ControlQueue.Slot();

        @Actor
        public void producer() {
            q.offer(12345L, EventBuffer.PARAM, 7, 8, 9, 0.5f);
        }

        @Actor
        public void consumer(II_Result r) {
            if (!q.poll(slot)) return;
            r.r1 = 1;
            r.r2 = slot.frame == 12345L && slot.kind == EventBuffer.PARAM && slot.a == 7 && slot.b == 8 && slot.c == 9
                    && slot.value == 0.5f ? 1 : -1;
        }
    }

    /** Two producers race for a queue with room for both: both land, once each, nothing refused. */
    @JCStressTest
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "producer 1 claimed the first slot")
    @Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "producer 2 claimed the first slot")
    @Outcome(expect = FORBIDDEN, desc = "an event lost, duplicated or refused with room left")
    @State
    public static class TwoProducers {
        final ControlQueue q = new ControlQueue(2);

        @Actor
        public void one() { q.offer(1, EventBuffer.MIDI, 1, 0, 0, 0f); }

        @Actor
        public void two() { q.offer(2, EventBuffer.MIDI, 2, 0, 0, 0f); }

        @Arbiter
        public void drain(III_Result r) {
            ControlQueue.Slot s = new ControlQueue.Slot();
            r.r1 = q.poll(s) ? s.a : 0;
            r.r2 = q.poll(s) ? s.a : 0;
            r.r3 = (int) q.refused() + (q.poll(s) ? 100 : 0);
        }
    }

    /**
     * Two producers race for the last free slot: exactly one lands, the other is refused and counted.
     * (With a one-slot queue, which the constructor now refuses, the second overwrote the first:
     * "0, 0, 0" in every JVM mode.)
     */
    @JCStressTest
    @Outcome(id = "9, 1, 1", expect = ACCEPTABLE, desc = "producer 1 won the slot")
    @Outcome(id = "9, 2, 1", expect = ACCEPTABLE, desc = "producer 2 won the slot")
    @Outcome(expect = FORBIDDEN, desc = "both landed in one slot, or neither, or the refusal went uncounted")
    @State
    public static class LastSlot {
        final ControlQueue q = new ControlQueue(2);

        public LastSlot() { q.offer(9, EventBuffer.MIDI, 9, 0, 0, 0f); }

        @Actor
        public void one() { q.offer(1, EventBuffer.MIDI, 1, 0, 0, 0f); }

        @Actor
        public void two() { q.offer(2, EventBuffer.MIDI, 2, 0, 0, 0f); }

        @Arbiter
        public void drain(III_Result r) {
            ControlQueue.Slot s = new ControlQueue.Slot();
            r.r1 = q.poll(s) ? s.a : 0;
            r.r2 = q.poll(s) ? s.a : 0;
            r.r3 = (int) q.refused();
        }
    }
}
