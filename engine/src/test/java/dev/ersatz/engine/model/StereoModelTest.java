package dev.ersatz.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.bounce.Bouncer;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stereo corpus makes a stereo model: each side resynthesised from its own channel, kept by the model file. */
class StereoModelTest {
    static final int RATE = 44100;

    @Test
    void stereoInStereoOut(@TempDir Path dir) throws Exception {
        int n = 8 * RATE;
        AudioData stereo = new AudioData(new float[][] {Signals.music(n, RATE, 1), Signals.noise(0.2, n, 2)}, RATE);
        AudioData mono = new AudioData(new float[][] {Signals.sine(330, 0.3, 2 * RATE, RATE)}, RATE);
        GrainModel m = ModelTrainer.train(List.of(new ModelTrainer.Source(Path.of("s.wav"), stereo), new ModelTrainer.Source(Path.of("m.wav"), mono)),
                new ModelTrainer.Options(8, 2, 1, 1024, RATE), Progress.NONE);
        assertEquals(2, m.channels());
        assertArrayEquals(m.clip(1, 0), m.clip(1, 1), "a mono clip plays on both sides");

        Path f = dir.resolve("s.ersatz");
        ModelFile.write(f, m);
        GrainModel back = ModelFile.read(f);
        assertEquals(2, back.channels());
        assertArrayEquals(m.clip(0, 1), back.clip(0, 1));

        // Played by the engine: the left output from the model's left channel, the right from its right.
        // The sine's tokens follow only each other, so a note that starts there stays there: take the
        // first seed whose note plays the stereo file.
        long seed = 3;
        Playback.Take r = Playback.play(back, 2, 1, seed, 0);
        while (fromClip(back, r, 0) < 40) {
            assertTrue(++seed < 20, "no seed in 3..19 plays the stereo file");
            r = Playback.play(back, 2, 1, seed, 0);
        }
        float[][] expect = Playback.expected(back, r, r.audio().frames());
        for (int ch = 0; ch < 2; ch++) {
            for (int t = 48000 / 100; t < r.audio().frames(); t += 61) {
                assertEquals(expect[ch][t], r.audio().channels()[ch][t], 1e-5f, "channel " + ch + " frame " + t);
            }
        }
        assertFalse(Arrays.equals(r.audio().channels()[0], r.audio().channels()[1]), "the two sides differ");
        // One output channel gets both sides averaged.
        float[] one = Playback.play(back, r.audio().frames(), 1, seed, 0, Bouncer.hold(Playback.NOTE, Playback.VELOCITY), 1).audio().channels()[0];
        for (int i = 0; i < one.length; i += 101) {
            assertEquals(0.5f * (r.audio().channels()[0][i] + r.audio().channels()[1][i]), one[i], 1e-6f);
        }
    }

    private static int fromClip(GrainModel m, Playback.Take r, int clip) {
        return (int) Arrays.stream(r.grains()).filter(g -> m.grainClip(g) == clip).count();
    }
}
