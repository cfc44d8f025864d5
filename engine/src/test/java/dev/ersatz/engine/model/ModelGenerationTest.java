package dev.ersatz.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temperature, statistics and determinism of generation, on a corpus with a known Markov structure,
 * all as users hear it: the model played by the engine ({@link Playback}).
 */
class ModelGenerationTest {
    static final int RATE = 48000;
    static GrainModel model;

    @BeforeAll
    static void train() {
        model = ModelTrainer.train(List.of(new ModelTrainer.Source(Path.of("markov.wav"), MarkovCorpus.make(90, RATE, 250, 7))),
                new ModelTrainer.Options(12, 3, 1, 2048, RATE), Progress.NONE);
    }

    /** Tokens of the first {@code n} grains the engine plays at temperature t. */
    static int[] generate(double t, long seed, int n) {
        int[] g = Playback.grains(model, n, t, seed);
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) tokens[i] = model.grainToken(g[i]);
        return tokens;
    }

    @Test
    void atTemperatureOneTheTokenStatisticsMatchTheCorpus() {
        Map<Long, Double> corpusUni = new HashMap<>(), corpusBi = new HashMap<>();
        for (int[] seq : model.sequences()) count(seq, corpusUni, corpusBi);
        Map<Long, Double> genUni = new HashMap<>(), genBi = new HashMap<>();
        count(generate(1.0, 42, 200_000), genUni, genBi);
        double jsUni = jensenShannon(corpusUni, genUni), jsBi = jensenShannon(corpusBi, genBi);
        assertTrue(jsUni < 0.05, "unigram JS divergence " + jsUni);
        assertTrue(jsBi < 0.05, "bigram JS divergence " + jsBi);
    }

    @Test
    void entropyRisesStrictlyWithTemperature() {
        double[] ts = {0.25, 0.5, 1, 1.5, 2};
        double last = -1;
        for (double t : ts) {
            Map<Long, Double> uni = new HashMap<>();
            count(generate(t, 9, 50_000), uni, new HashMap<>());
            double h = entropy(uni);
            assertTrue(h > last, "entropy at T=" + t + " is " + h + ", not above " + last);
            last = h;
        }
    }

    @Test
    void temperatureZeroIsDeterministicWhateverTheSeed() {
        Playback.Take a = Playback.play(model, 5000.0 * model.hop() / RATE, 0, 1, 0);
        Playback.Take b = Playback.play(model, 5000.0 * model.hop() / RATE, 0, 99, 0);
        assertTrue(a.grains().length >= 5000, "grains played: " + a.grains().length);
        assertArrayEquals(a.grains(), b.grains());
        assertArrayEquals(a.audio().channels()[0], b.audio().channels()[0]);
        assertArrayEquals(a.audio().channels()[1], b.audio().channels()[1]);
    }

    @Test
    void theSameSeedGivesAByteIdenticalFileAndAnotherSeedADifferentOne(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.wav"), b = dir.resolve("b.wav"), c = dir.resolve("c.wav");
        AudioData first = Playback.play(model, 10, 1, 5, 0).audio();
        WavWriter.write(a, first, SampleFormat.PCM_24);
        WavWriter.write(b, Playback.play(model, 10, 1, 5, 0).audio(), SampleFormat.PCM_24);
        WavWriter.write(c, Playback.play(model, 10, 1, 6, 0).audio(), SampleFormat.PCM_24);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
        double energy = 0;
        for (float v : first.channels()[0]) energy += v * v;
        assertTrue(energy / first.frames() > 1e-3, "the model sounds: mean square " + energy / first.frames());
    }

    @Test
    void theEnginePlaysTheDecidedGrainsOverlapAdded() {
        Playback.Take r = Playback.play(model, 2, 1, 3, 0);
        float[][] expect = Playback.expected(model, r, r.audio().frames());
        // From the end of the note's 5 ms attack on, every sample is the decided grains overlap-added.
        for (int ch = 0; ch < 2; ch++) {
            for (int t = RATE / 100; t < r.audio().frames(); t += 7) {
                assertEquals(expect[ch][t], r.audio().channels()[ch][t], 1e-5f, "channel " + ch + " frame " + t);
            }
        }
        assertTrue(r.grains().length > 80, "grains played in 2 s: " + r.grains().length);
    }

    @Test
    void maxCopyBoundsVerbatimRunsInTheProvenance() {
        double maxMs = 150;
        Playback.Take free = Playback.play(model, 30, 0.5, 4, 0);
        Playback.Take bound = Playback.play(model, 30, 0.5, 4, maxMs);
        long limit = (long) Math.floor(maxMs * RATE / 1000);
        assertTrue(longestCopy(free.grains()) > limit, "unbounded generation should copy longer than the bound for the test to mean anything");
        assertTrue(longestCopy(bound.grains()) <= limit, "longest verbatim copy " + longestCopy(bound.grains()) + " samples > " + limit);
    }

    /** Samples of corpus audio covered by the longest run of consecutive corpus grains played in order. */
    static long longestCopy(int[] grains) { return longestCopy(model, grains); }

    static long longestCopy(GrainModel model, int[] grains) {
        long best = 0;
        int first = 0;
        for (int i = 1; i <= grains.length; i++) {
            if (i < grains.length && model.follows(grains[i - 1], grains[i])) continue;
            // grains[first..i) follow one another in the corpus: they cover its audio from the first's start to the last's end.
            best = Math.max(best, model.grainStart(grains[i - 1]) + (long) model.grainSize() - model.grainStart(grains[first]));
            first = i;
        }
        return best;
    }

    static void count(int[] seq, Map<Long, Double> uni, Map<Long, Double> bi) {
        for (int i = 0; i < seq.length; i++) {
            uni.merge((long) seq[i], 1.0, Double::sum);
            if (i > 0) bi.merge((long) seq[i - 1] * 100_000 + seq[i], 1.0, Double::sum);
        }
    }

    static double jensenShannon(Map<Long, Double> a, Map<Long, Double> b) {
        double sa = a.values().stream().mapToDouble(Double::doubleValue).sum();
        double sb = b.values().stream().mapToDouble(Double::doubleValue).sum();
        java.util.Set<Long> keys = new java.util.HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        double js = 0;
        for (long k : keys) {
            double p = a.getOrDefault(k, 0.0) / sa, q = b.getOrDefault(k, 0.0) / sb, m = (p + q) / 2;
            if (p > 0) js += 0.5 * p * Math.log(p / m) / Math.log(2);
            if (q > 0) js += 0.5 * q * Math.log(q / m) / Math.log(2);
        }
        return js;
    }

    static double entropy(Map<Long, Double> counts) {
        double s = counts.values().stream().mapToDouble(Double::doubleValue).sum(), h = 0;
        for (double c : counts.values()) h -= c / s * Math.log(c / s) / Math.log(2);
        return h;
    }
}
