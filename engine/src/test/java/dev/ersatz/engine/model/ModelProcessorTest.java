package dev.ersatz.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.util.Progress;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The model's own processor: the audio thread allocates nothing, and the mod wheel sets temperature. */
class ModelProcessorTest {
    static final int RATE = 48000;
    static GrainModel model;

    @BeforeAll
    static void train() {
        model = ModelTrainer.train(List.of(new ModelTrainer.Source(Path.of("m.wav"), MarkovCorpus.make(20, RATE, 250, 5))),
                new ModelTrainer.Options(8, 2, 1, 2048, RATE), Progress.NONE);
    }

    @Test
    void theAudioThreadAllocatesNothing() {
        for (boolean offline : new boolean[] {false, true}) {
            ModelProcessor p = new ModelProcessor(model, 3, 1, 500, offline, false);
            p.configure(new AudioConfig(RATE, 128, 2));
            float[][] out = new float[2][128];
            EventBuffer events = new EventBuffer(16);
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            try {
                for (int i = 0; i < 20_000; i++) block(p, events, out, i); // warm-up: JIT, first waits
                // A rare branch taken for the first time (an underrun under load) can make the JIT
                // deoptimise, which costs a few hundred bytes once. An allocation in the audio path
                // would show in every window of 10,000 blocks; a one-off in one window only.
                List<Long> windows = new java.util.ArrayList<>();
                for (int w = 0; w < 3 && (windows.isEmpty() || windows.get(windows.size() - 1) != 0); w++) {
                    long before = mx.getThreadAllocatedBytes(id);
                    for (int i = 0; i < 10_000; i++) block(p, events, out, i);
                    windows.add(mx.getThreadAllocatedBytes(id) - before);
                }
                assertEquals(0L, windows.get(windows.size() - 1), "bytes allocated per window of 10,000 blocks (offline=" + offline + "): " + windows);
            } finally {
                p.shutdown();
            }
        }
    }

    private static void block(ModelProcessor p, EventBuffer events, float[][] out, int i) {
        events.clear();
        if (i % 100 == 0) events.addMidi(17, 0xB0, 1, i / 100 % 128);
        p.process(events, out, 128);
    }

    @Test
    void decidingAGrainAllocatesNothing() {
        // The generator worker's hot loop: Markov distribution, temperature sampling, grain choice
        // under a copy bound. Plain Java on preallocated arrays (no ND4J, no garbage).
        GrainSequencer s = new GrainSequencer(model, 1, 1.3, RATE / 4);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 50_000; i++) s.next();
        List<Long> windows = new java.util.ArrayList<>();
        for (int w = 0; w < 3 && (windows.isEmpty() || windows.get(windows.size() - 1) != 0); w++) {
            long before = mx.getThreadAllocatedBytes(id);
            for (int i = 0; i < 10_000; i++) s.next();
            windows.add(mx.getThreadAllocatedBytes(id) - before);
        }
        assertEquals(0L, windows.get(windows.size() - 1), "bytes per 10,000 decisions: " + windows);
    }

    @Test
    void theModWheelSetsTheTemperature() {
        ModelProcessor p = new ModelProcessor(model, 3, 1, 0, true, false);
        p.configure(new AudioConfig(RATE, 64, 1));
        try {
            EventBuffer events = new EventBuffer(4);
            events.addMidi(10, 0xB0, 1, 127);
            p.process(events, new float[1][64], 64);
            assertEquals(ModelProcessor.MOD_WHEEL_MAX_TEMPERATURE, p.temperature(), 1e-9);
            events.clear();
            events.addMidi(3, 0xB0, 1, 0);
            p.process(events, new float[1][64], 64);
            assertEquals(0.0, p.temperature(), 1e-9);
            assertTrue(p.underruns() == 0, "offline never underruns");
        } finally {
            p.shutdown();
        }
    }
}
