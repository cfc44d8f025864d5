package dev.ersatz.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
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

        ModelRenderer.Render r = ModelRenderer.render(back, 2, 1, 3, 0, 2);
        float[] w = GrainWindow.hann(m.grainSize());
        int hop = m.hop();
        for (int ch = 0; ch < 2; ch++) {
            for (int h = 1; h < 40; h++) {
                for (int i = 0; i < hop; i += 61) {
                    int older = r.grains()[h - 1], newer = r.grains()[h];
                    float expect = m.clip(m.grainClip(older), ch)[m.grainStart(older) + hop + i] * w[hop + i]
                            + m.clip(m.grainClip(newer), ch)[m.grainStart(newer) + i] * w[i];
                    assertEquals(expect, r.audio().channels()[ch][h * hop + i], 1e-6f, "channel " + ch + " hop " + h + " sample " + i);
                }
            }
        }
        // One output channel gets both sides averaged.
        float[] one = ModelRenderer.render(back, 2, 1, 3, 0, 1).audio().channels()[0];
        for (int i = 0; i < one.length; i += 101) {
            assertEquals(0.5f * (r.audio().channels()[0][i] + r.audio().channels()[1][i]), one[i], 1e-6f);
        }
    }
}
