package dev.ersatz.engine.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.analysis.TrimOptions;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.testing.Signals;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainMakerTest {
    static final int RATE = 22050;

    /** Ten seconds of decaying 880 Hz pings every half second (120 bpm), on a quiet bed so nothing is silent. */
    private static AudioData pings() {
        int n = 10 * RATE;
        float[] x = Signals.noise(0.01, n, 3);
        for (int beat = 0; beat * RATE / 2 < n; beat++) {
            int at = beat * RATE / 2;
            for (int i = 0; i < RATE / 2 && at + i < n; i++) {
                x[at + i] += (float) (0.6 * Math.exp(-i / (0.05 * RATE)) * Math.sin(2 * Math.PI * 880 * i / RATE));
            }
        }
        return new AudioData(new float[][] {x}, RATE);
    }

    private static ChainMaker.Options cutAt(ChainMaker.CutAt where, double maxMs) {
        ChainMaker.Options d = ChainMaker.Options.DEFAULT;
        return new ChainMaker.Options(d.by(), 0, 0, 50, 20, new TrimOptions(60, 2048, 512), 500, maxMs, where);
    }

    @Test
    void cuttingAtBeatsPutsEveryClipStartOnAPing() {
        for (ChainMaker.CutAt where : List.of(ChainMaker.CutAt.ONSETS, ChainMaker.CutAt.BEATS)) {
            List<ChainMaker.Piece> pieces = ChainMaker.pieces(Path.of("pings.wav"), pings(), cutAt(where, 2000));
            assertTrue(pieces.size() >= 4, where + ": " + pieces.size());
            for (ChainMaker.Piece p : pieces) {
                // each start lies within 12 ms of a ping (onset detection works on 512-sample hops)
                int fromPing = p.start() % (RATE / 2);
                int off = Math.min(fromPing, RATE / 2 - fromPing);
                assertTrue(off <= 0.012 * RATE, where + ": piece at " + p.start() + " is " + off + " samples off a ping");
                assertTrue(p.end() - p.start() <= 2000 * RATE / 1000 + RATE / 2, where + ": piece of " + (p.end() - p.start()));
                assertEquals(p.end() - p.start(), p.audio().frames());
            }
        }
        List<ChainMaker.Piece> whole = ChainMaker.pieces(Path.of("pings.wav"), pings(), cutAt(ChainMaker.CutAt.NONE, 2000));
        assertEquals(1, whole.size());
    }

    @Test
    void shortClipsAreFingerprintedLooped() {
        AudioData shortClip = new AudioData(new float[][] {Signals.music(RATE, RATE, 1)}, RATE);
        AudioData looped = ClipFeatures.looped(shortClip, 3 * RATE);
        assertEquals(3 * RATE, looped.frames());
        assertEquals(shortClip.channels()[0][5], looped.channels()[0][2 * RATE + 5], 0f);
        ClipFeatures f = ClipFeatures.of(List.of(shortClip, shortClip), ClipFeatures.Measure.FINGERPRINT, dev.ersatz.engine.util.Progress.NONE);
        assertEquals(2, f.looped());
        assertTrue(f.fingerprint(0).length > 0);
        assertEquals(1.0, f.similarity().between(0, 1), 1e-12);
    }
}
