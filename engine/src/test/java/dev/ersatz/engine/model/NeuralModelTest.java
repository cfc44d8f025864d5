package dev.ersatz.engine.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The recurrent network learns the token statistics of a corpus with a known Markov structure. */
class NeuralModelTest {
    @Test
    void trainingLowersTheLossAndGenerationFollowsTheCorpus() throws Exception {
        GrainModel m = ModelTrainer.train(List.of(new ModelTrainer.Source(Path.of("m.wav"), MarkovCorpus.make(90, 48000, 250, 7))),
                new ModelTrainer.Options(12, 3, 1, 2048, 48000), Progress.NONE);
        long t0 = System.nanoTime();
        NeuralModel n = NeuralModel.train(m.sequences(), m.tokens(), 64, 8, 1, Progress.NONE);
        System.out.println("neural training " + (System.nanoTime() - t0) / 1e9 + " s, losses " + java.util.Arrays.toString(n.losses()));
        double[] l = n.losses();
        assertTrue(l[l.length - 1] < 0.7 * l[0], "loss falls: " + java.util.Arrays.toString(l));
        NeuralModel.Stepper s = n.stepper();
        // The network's symbols: the tokens and the phrase boundary, where it starts again.
        double[] p = new double[m.tokens() + 1], scratch = new double[m.tokens() + 1];
        SplittableRandom r = new SplittableRandom(3);
        int[] gen = new int[100_000];
        for (int i = 0; i < gen.length; ) {
            s.probabilities(p);
            int sym = Temperature.sample(p, m.tokens() + 1, 1.0, r, scratch);
            if (sym == n.boundary()) {
                s.restart();
                continue;
            }
            s.observe(sym);
            gen[i++] = sym;
        }
        Map<Long, Double> cu = new HashMap<>(), cb = new HashMap<>(), gu = new HashMap<>(), gb = new HashMap<>();
        for (int[] seq : m.sequences()) ModelGenerationTest.count(seq, cu, cb);
        ModelGenerationTest.count(gen, gu, gb);
        double ju = ModelGenerationTest.jensenShannon(cu, gu), jb = ModelGenerationTest.jensenShannon(cb, gb);
        System.out.println("neural JS unigram " + ju + " bigram " + jb);
        assertTrue(ju < 0.05 && jb < 0.05, "JS unigram " + ju + ", bigram " + jb);

        // With the network in the model: it generates, survives the model file, and stays deterministic.
        GrainModel withNet = m.withNeural(n);
        Path f = dir.resolve("net.ersatz");
        ModelFile.write(f, withNet);
        GrainModel back = ModelFile.read(f);
        assertTrue(back.neural() != null && back.neural().hidden() == 64);
        // Played by the engine, as `ersatz bounce --model` plays it.
        Playback.Take a = Playback.play(withNet, 5, 1, 9, 0), b = Playback.play(back, 5, 1, 9, 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.grains(), b.grains());
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.audio().channels()[0], b.audio().channels()[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.audio().channels()[1], b.audio().channels()[1]);
        int[] markovOnly = Playback.play(m, 5, 1, 9, 0).grains();
        assertTrue(!java.util.Arrays.equals(markovOnly, a.grains()), "the network, not the Markov model, decides");
    }

    @org.junit.jupiter.api.io.TempDir Path dir;
}
