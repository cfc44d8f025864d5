package dev.ersatz.engine.bounce;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.Generator;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.SamplerGenerator;
import dev.ersatz.engine.testing.Signals;
import java.util.List;

/** An instrument on the offline backend, for tests. */
final class Rig implements AutoCloseable {
    static final int RATE = 48000;
    final Instrument instrument = new Instrument();
    final OfflineRenderer renderer;

    Rig(Material material, Generator generator, long seed, int blockFrames, boolean deterministic) {
        instrument.load(material, generator, seed);
        renderer = new OfflineRenderer(instrument, new AudioConfig(RATE, blockFrames, 2), deterministic);
    }

    static Rig sampler(Material material, long seed, int blockFrames) {
        return new Rig(material, new SamplerGenerator(), seed, blockFrames, true);
    }

    AudioData render(Timeline t, long frames) {
        renderer.play(t);
        return renderer.render(frames, dev.ersatz.engine.util.Progress.NONE);
    }

    /** A square wave: never exactly zero, so an onset is the first non-zero sample. */
    static Material square(int seconds) {
        float[] x = new float[RATE * seconds];
        for (int i = 0; i < x.length; i++) x[i] = (i / 50) % 2 == 0 ? 0.5f : -0.5f;
        return Material.of(List.of(new AudioData(new float[][] {x}, RATE)));
    }

    static Material sine(double hz, int seconds) {
        return Material.of(List.of(new AudioData(new float[][] {Signals.sine(hz, 0.5, RATE * seconds, RATE)}, RATE)));
    }

    static Material constant(float level, int seconds) {
        float[] x = new float[RATE * seconds];
        java.util.Arrays.fill(x, level);
        return Material.of(List.of(new AudioData(new float[][] {x}, RATE)));
    }

    static Material music(long seed) {
        return Material.of(List.of(
                new AudioData(new float[][] {Signals.music(RATE * 3, RATE, seed)}, RATE),
                new AudioData(new float[][] {Signals.noise(0.3, RATE * 2, seed + 1)}, RATE),
                new AudioData(new float[][] {Signals.sine(330, 0.4, RATE * 2, RATE)}, RATE)));
    }

    @Override
    public void close() { renderer.close(); }
}
