package dev.ersatz.engine.resynth;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.bounce.Bouncer;
import dev.ersatz.engine.bounce.OfflineRenderer;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.Processor;
import dev.ersatz.engine.util.Progress;

/**
 * Resynthesis of a whole recording, offline: the recording plays into the inputs of the very graph
 * that runs live (the processors around a {@link ResynthProcessor}), block by block in deterministic
 * mode, and the output is read back with the graph's latency removed, as a host's delay
 * compensation would, so it lines up with the input sample for sample. Deterministic for one input,
 * corpus, parameters and seed. Control thread; shuts the graph down after.
 */
public final class Resynthesizer {
    private Resynthesizer() { }

    /** Renders {@code input} (at the graph's rate) through {@code graph}, whose resynthesis is {@code resynth}. */
    public static AudioData render(Processor graph, ResynthProcessor resynth, AudioData input, int rate, Progress progress) {
        if (!resynth.resynthesizing()) throw new IllegalStateException("nothing to resynthesize with: no source loaded");
        int block = Bouncer.BLOCK_FRAMES;
        int latency = ResynthProcessor.latencyFrames(block);
        AudioData out;
        try (OfflineRenderer r = new OfflineRenderer(graph, new AudioConfig(rate, block, 2), true)) {
            r.feed(input);
            out = r.render((long) input.frames() + latency, progress);
        }
        if (resynth.lateDecisions() != 0) throw new IllegalStateException(resynth.lateDecisions() + " late decisions in deterministic mode");
        float[][] ch = out.channels();
        float[][] aligned = new float[ch.length][];
        for (int c = 0; c < ch.length; c++) aligned[c] = java.util.Arrays.copyOfRange(ch[c], latency, latency + input.frames());
        return new AudioData(aligned, rate);
    }
}
