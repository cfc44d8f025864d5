package dev.ersatz.engine.session;

import static org.junit.jupiter.api.Assertions.*;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.model.GrainModel;
import dev.ersatz.engine.model.ModelTrainer;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models for model presets are trained once per corpus content and settings, then read from the cache. */
class TrainedModelsTest {
    static final int RATE = 48000;
    @TempDir Path cache;

    static List<Clip> corpus(long seed) {
        List<Clip> c = new ArrayList<>();
        c.add(new Clip(Path.of("a.wav"), new AudioData(new float[][] {Signals.music(RATE * 2, RATE, seed)}, RATE)));
        c.add(new Clip(Path.of("b.wav"), new AudioData(new float[][] {Signals.noise(0.2, RATE, seed + 1)}, RATE)));
        return c;
    }

    static ModelTrainer.Options options() { return new ModelTrainer.Options(8, 2, 0, 1024, RATE); }

    @Test
    void theSecondRequestReadsTheCacheInsteadOfTraining() throws Exception {
        TrainedModels models = new TrainedModels(cache);
        List<Clip> corpus = corpus(1);
        assertFalse(models.cached(corpus, options()));
        AtomicInteger reports = new AtomicInteger();
        GrainModel first = models.get(corpus, options(), (d, t, l) -> reports.incrementAndGet());
        assertTrue(reports.get() > 0, "training reports progress");
        Path file = models.file(corpus, options());
        assertTrue(models.cached(corpus, options()));
        FileTime written = Files.getLastModifiedTime(file);

        reports.set(0);
        GrainModel second = models.get(corpus(1), options(), (d, t, l) -> reports.incrementAndGet());
        assertEquals(0, reports.get(), "no training the second time");
        assertEquals(written, Files.getLastModifiedTime(file), "the cache file was not rewritten");
        assertEquals(first.grains(), second.grains());
        for (int g = 0; g < first.grains(); g++) assertEquals(first.grainToken(g), second.grainToken(g));
    }

    @Test
    void anyChangeToTheAudioOrTheSettingsIsAnotherModel() throws Exception {
        TrainedModels models = new TrainedModels(cache);
        List<Clip> corpus = corpus(1);
        Path base = models.file(corpus, options());
        List<Clip> touched = corpus(1);
        touched.get(1).audio().channels()[0][1000] += 1e-3f;
        assertNotEquals(base, models.file(touched, options()), "one sample changed");
        assertNotEquals(base, models.file(corpus(1).subList(0, 1), options()), "a clip fewer");
        assertNotEquals(base, models.file(corpus, new ModelTrainer.Options(9, 2, 0, 1024, RATE)), "other tokens");
        assertNotEquals(base, models.file(corpus, new ModelTrainer.Options(8, 3, 0, 1024, RATE)), "other order");
        assertNotEquals(base, models.file(corpus, new ModelTrainer.Options(8, 2, 1, 1024, RATE)), "other seed");
        assertEquals(base, models.file(corpus(1), options()), "the same content under other names is the same model");
    }

    @Test
    void aDamagedCacheFileIsTrainedOver() throws Exception {
        TrainedModels models = new TrainedModels(cache);
        List<Clip> corpus = corpus(2);
        Files.createDirectories(cache);
        Files.writeString(models.file(corpus, options()), "not a model");
        GrainModel m = models.get(corpus, options(), Progress.NONE);
        assertTrue(m.grains() > 0);
        assertEquals(m.grains(), models.get(corpus, options(), Progress.NONE).grains());
    }
}
