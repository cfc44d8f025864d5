package dev.ersatz.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.Resampler;
import dev.ersatz.engine.testing.DebianSamples;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The texture figures on real recordings (LMMS's sample pack) and on what a stuck generator makes of them. */
class TextureTest {
    static final int RATE = 48000;

    static float[] mono(Path file) throws Exception {
        AudioData a = Resampler.resample(AudioFiles.read(file), RATE);
        return a.mono();
    }

    @Test
    void realSustainedRecordingsAreNotFrozen() throws Exception {
        // The stillest sounds of the pack: a held electric-organ chord, church organs, a drone, string pads.
        for (String f : new String[] {"instruments/e_organ01.ogg", "instruments/church_organ01.ogg", "instruments/church_organ04.ogg",
                "stringsnpads/korg_poly6_drone01.ogg", "stringsnpads/space_strings01.ogg", "stringsnpads/strings01.ogg"}) {
            Path p = DebianSamples.lmms(f.substring(0, f.indexOf('/'))).resolve(f.substring(f.indexOf('/') + 1));
            Texture t = Texture.of(new float[][] {mono(p)}, RATE);
            assertEquals(0.0, t.frozenShare(), f + ": " + t);
        }
    }

    @Test
    void aGrainHeldOrACycleOfGrainsReplayedIsFrozen() throws Exception {
        float[] organ = mono(DebianSamples.lmms("stringsnpads").resolve("juno_pad01.ogg"));
        int hop = 1024, seconds = 10;
        // Overlap-added Hann grains of 2 hops, one every hop, as the engine plays grains: one grain over and
        // over, then a cycle of three.
        for (int cycle : new int[] {1, 3}) {
            float[] out = new float[seconds * RATE];
            for (int k = 0; (k + 2) * hop <= out.length; k++) {
                int start = RATE + (k % cycle) * 5 * hop;
                for (int i = 0; i < 2 * hop; i++) {
                    float w = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (2 * hop)));
                    out[k * hop + i] += organ[start + i] * w;
                }
            }
            Texture t = Texture.of(new float[][] {out}, RATE);
            assertTrue(t.frozenShare() >= 0.9, "a cycle of " + cycle + ": " + t);
        }
    }

    @Test
    void silenceIsMeasuredAsTrimAndSplitJudgeIt() throws Exception {
        // A take of real hits, each followed by 0.8 s of digital silence.
        float[] hit = mono(DebianSamples.lmms("drums").resolve("snare01.ogg"));
        Interval h = Trim.trim(new float[][] {hit}, TrimOptions.DEFAULT);
        int gap = (int) (0.8 * RATE), n = 6, len = h.length();
        float[] take = new float[n * (len + gap)];
        for (int k = 0; k < n; k++) System.arraycopy(hit, h.start(), take, k * (len + gap), len);
        Texture t = Texture.of(new float[][] {take}, RATE);
        boolean[] loud = Trim.nonSilentFrames(new float[][] {take}, TrimOptions.DEFAULT);
        int silent = 0;
        for (boolean b : loud) if (!b) silent++;
        assertEquals(silent / (double) loud.length, t.silenceShare(), 1e-12);
        assertEquals(gap / (double) (len + gap), t.silenceShare(), 0.03, t.toString());
        assertEquals(0.8, t.longestSilence(), 0.05, t.toString());
        assertEquals(n / (take.length / (double) RATE), t.onsetRate(), 0.35, "one onset a hit: " + t);
    }
}
