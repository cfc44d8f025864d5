package dev.ersatz.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.bounce.Timeline;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.util.Progress;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model as a generator of the live engine: the mod wheel sets the temperature it decides at, the
 * copy bound is checked up front, and deciding a grain (the worker's hot loop) allocates nothing.
 * The engine's audio thread playing a model is covered by bounce.ZeroAllocationTest.
 */
class ModelGeneratorTest {
    static final int RATE = 48000;
    static GrainModel model;

    @BeforeAll
    static void train() {
        model = ModelTrainer.train(List.of(new ModelTrainer.Source(Path.of("m.wav"), MarkovCorpus.make(30, RATE, 250, 3))),
                new ModelTrainer.Options(12, 3, 1, 2048, RATE), Progress.NONE);
    }

    @Test
    void theModWheelSetsTheTemperatureTheModelDecidesAt() {
        // With continuity 0 every grain is a jump, its token sampled at the temperature.
        // Wheel down: T = 0, so every token is the Markov model's argmax after the tokens before it.
        assertEquals(0.0, notArgmax(0), "fraction of tokens that are not the argmax with the wheel at 0");
        // Wheel up: T = 4, so many are not.
        double wild = notArgmax(127);
        assertTrue(wild > 0.2, "fraction of tokens that are not the argmax with the wheel at 127: " + wild);
    }

    /** Holds a note with the wheel (CC1) at {@code wheel} from the first frame; the fraction of played tokens that are not the argmax. */
    private static double notArgmax(int wheel) {
        Timeline t = new Timeline.Builder().param(0, InstrumentParams.CONTINUITY, 0f)
                .noteOn(0, 0, Playback.NOTE, Playback.VELOCITY).cc(0, 0, 1, wheel).build();
        int[] tokens = Playback.play(model, 10L * RATE, 1, 7, 0, t, 2).tokens(model);
        int order = model.order();
        double[] p = new double[model.tokens() + 1]; // the tokens and the phrase boundary
        int misses = 0;
        int n = 0;
        // The first grains were decided before the wheel moved (the lookahead, about 50 ms): skip 10.
        for (int d = 10; d < tokens.length; d++, n++) {
            model.markov().distribution(Arrays.copyOfRange(tokens, d - order, d), order, p);
            int best = 0;
            for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
            if (tokens[d] != best) misses++;
        }
        assertTrue(n > 200, "tokens played: " + n);
        return misses / (double) n;
    }

    @Test
    void decidingAGrainAllocatesNothing() {
        // The generator worker's hot loop: Markov distribution, temperature sampling, grain choice
        // under a copy bound. Plain Java on preallocated arrays (no ND4J, no garbage).
        GrainSequencer s = new GrainSequencer(model, 1, 1.3, RATE / 4);
        s.continuity(6);
        s.repetition(3);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 50_000; i++) s.next();
        List<Long> windows = new ArrayList<>();
        for (int w = 0; w < 3 && (windows.isEmpty() || windows.get(windows.size() - 1) != 0); w++) {
            long before = mx.getThreadAllocatedBytes(id);
            for (int i = 0; i < 10_000; i++) s.next();
            windows.add(mx.getThreadAllocatedBytes(id) - before);
        }
        assertEquals(0L, windows.get(windows.size() - 1), "bytes per 10,000 decisions: " + windows);
    }

    @Test
    void aCopyBoundShorterThanAGrainIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ModelGenerator(model, 20));
        assertEquals("--max-copy-ms must be at least one grain (42.7 ms for this model)", e.getMessage());
    }
}
