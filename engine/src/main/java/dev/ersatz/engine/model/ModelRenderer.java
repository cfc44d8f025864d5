package dev.ersatz.engine.model;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.EventBuffer;

/**
 * Renders a model offline through the very processor the live instrument runs ({@link ModelProcessor}
 * in offline mode, block by block), so a render is what playing would give with the same seed.
 * Control thread.
 */
public final class ModelRenderer {
    public static final int BLOCK = 512;

    /** The audio and, grain by grain, which corpus grain was played (provenance). */
    public record Render(AudioData audio, int[] grains) { }

    private ModelRenderer() { }

    public static Render render(GrainModel model, double seconds, double temperature, long seed, double maxCopyMs, int channels) {
        long total = Math.round(seconds * model.sampleRate());
        if (total <= 0 || total > Integer.MAX_VALUE) throw new IllegalArgumentException("cannot render " + seconds + " s");
        ModelProcessor p = new ModelProcessor(model, seed, temperature, maxCopyMs, true, true);
        float[][] out = new float[channels][(int) total];
        float[][] block = new float[channels][BLOCK];
        EventBuffer none = new EventBuffer(1);
        p.configure(new AudioConfig(model.sampleRate(), BLOCK, channels));
        try {
            for (int at = 0; at < total; at += BLOCK) {
                int n = (int) Math.min(BLOCK, total - at);
                p.process(none, block, n);
                for (int c = 0; c < channels; c++) System.arraycopy(block[c], 0, out[c], at, n);
            }
        } finally {
            p.shutdown();
        }
        return new Render(new AudioData(out, model.sampleRate()), p.playedGrains());
    }
}
