package dev.ersatz.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.bounce.OfflineRenderer;
import dev.ersatz.engine.bounce.Timeline;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The model played by the live engine (Instrument + offline backend), as `ersatz bounce --model` and `ersatz run --model` do. */
class ModelGeneratorTest {
    static final int RATE = 48000;
    static GrainModel model;

    @BeforeAll
    static void train() {
        model = ModelTrainer.train(List.of(new ModelTrainer.Source(Path.of("m.wav"), MarkovCorpus.make(30, RATE, 250, 3))),
                new ModelTrainer.Options(12, 3, 1, 2048, RATE), Progress.NONE);
    }

    static AudioData play(long seed, float temperature, double seconds) {
        Instrument in = new Instrument();
        in.setParameter("temperature", temperature);
        in.load(ModelGenerator.material(model), new ModelGenerator(model, 0), seed);
        try (OfflineRenderer r = new OfflineRenderer(in, new AudioConfig(RATE, 256, 2), true)) {
            r.play(new Timeline.Builder().noteOn(0, 0, 60, 127).build());
            return r.render(Math.round(seconds * RATE), Progress.NONE);
        }
    }

    @Test
    void theEnginePlaysTheModelDeterministically() {
        AudioData a = play(4, 1f, 5), b = play(4, 1f, 5), c = play(5, 1f, 5);
        assertArrayEquals(a.channels()[0], b.channels()[0]);
        assertArrayEquals(a.channels()[1], b.channels()[1]);
        assertFalse(java.util.Arrays.equals(a.channels()[0], c.channels()[0]));
        double energy = 0;
        for (float v : a.channels()[0]) energy += v * v;
        assertTrue(energy / a.frames() > 1e-4, "the note sounds");
    }

    @Test
    void atTemperatureZeroTheEngineIgnoresTheSeed() {
        assertArrayEquals(play(1, 0f, 3).channels()[0], play(2, 0f, 3).channels()[0]);
    }

    @Test
    void aCopyBoundShorterThanAGrainIsRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ModelGenerator(model, 20));
        assertEquals("--max-copy-ms must be at least one grain (42.7 ms for this model)", e.getMessage());
    }
}
