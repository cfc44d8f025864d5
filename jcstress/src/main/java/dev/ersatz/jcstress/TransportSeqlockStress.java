package dev.ersatz.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ersatz.engine.render.TransportState;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/** TransportState's seqlock under jcstress: a reader gets one update whole, never a mix of two. */
@JCStressTest
@Outcome(id = "100, 90, 1, 150", expect = ACCEPTABLE, desc = "the first update")
@Outcome(id = "200, 140, 0, 225", expect = ACCEPTABLE, desc = "the second update")
@Outcome(expect = FORBIDDEN, desc = "a torn read: fields of both updates")
@State
public class TransportSeqlockStress {
    final TransportState t = new TransportState();
    final TransportState.Snapshot s = new TransportState.Snapshot();

    public TransportSeqlockStress() { t.update(100, true, true, 90, 4, 1.5); }

    @Actor
    public void writer() { t.update(200, false, true, 140, 3, 2.25); }

    @Actor
    public void reader(IIII_Result r) {
        t.read(s);
        r.r1 = (int) s.frame;
        r.r2 = (int) s.bpm;
        r.r3 = s.rolling ? 1 : 0;
        r.r4 = (int) Math.round(s.barBeat * 100);
    }
}
