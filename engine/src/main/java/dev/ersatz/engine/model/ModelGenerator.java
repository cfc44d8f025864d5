package dev.ersatz.engine.model;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.render.Generator;
import dev.ersatz.engine.render.GeneratorContext;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The learned model as a generator of the live engine ({@code Instrument}): each voice stream has
 * its own {@link GrainSequencer} (seeded from the stream's random), which decides grain by grain at
 * the instrument's temperature, continuity and repetition parameters; each decision is a segment of
 * one model grain, one grain long, starting a hop after the previous one, so the voice overlap-adds
 * the grains as the model was cut (an attack grain without its fade-in), or a rest between phrases.
 * Load it with {@link #material(GrainModel)}: segment clip indices are the model's clips.
 * {@link #prepare} runs on a control thread, {@link #next} on the generator worker (no ND4J there:
 * the Markov path is plain Java).
 */
public final class ModelGenerator implements Generator {
    private final GrainModel model;
    private final long maxCopySamples;
    private GrainSequencer[] streams;
    private int recordStream = -1;
    private int[] decided = new int[0];
    private int decidedCount;

    /** @param maxCopyMs the longest verbatim copy of the corpus, in ms; 0 for no bound */
    public ModelGenerator(GrainModel model, double maxCopyMs) {
        this.model = model;
        this.maxCopySamples = maxCopyMs <= 0 ? 0 : (long) Math.floor(maxCopyMs * model.sampleRate() / 1000.0);
        if (maxCopySamples != 0 && maxCopySamples < model.grainSize()) {
            throw new IllegalArgumentException("--max-copy-ms must be at least one grain ("
                    + String.format(java.util.Locale.ROOT, "%.1f", model.grainSize() * 1000.0 / model.sampleRate()) + " ms for this model)");
        }
    }

    /** Control thread: the model's clips (mono or stereo, at the model rate) as the instrument's material. */
    public static Material material(GrainModel model) {
        List<AudioData> clips = new ArrayList<>();
        for (int c = 0; c < model.clipCount(); c++) {
            float[][] ch = new float[model.channels()][];
            for (int i = 0; i < ch.length; i++) ch[i] = model.clip(c, i);
            clips.add(new AudioData(ch, model.sampleRate()));
        }
        return Material.of(clips);
    }

    /**
     * Control thread, before {@code Instrument.load}: keep every grain decided for voice stream
     * {@code stream} (a bounce's held note plays on stream 0), for tests and provenance. Only the
     * generator worker appends (growing its array now and then); the audio thread never sees it.
     */
    public ModelGenerator record(int stream) {
        recordStream = stream;
        return this;
    }

    /**
     * Control thread, after the render (the instrument shut down): the grains decided for the
     * recorded stream, in the order its voice plays them (rests left out). The last few were
     * decided ahead (the lookahead) and may not have sounded yet.
     */
    public int[] decided() {
        int[] out = new int[decidedCount];
        int n = 0;
        for (int i = 0; i < decidedCount; i++) if (decided[i] >= 0) out[n++] = decided[i] >> 1;
        return Arrays.copyOf(out, n);
    }

    /**
     * Control thread, after the render: every decision for the recorded stream in order, a grain g
     * as {@code 2g + 1} when it starts an attack, else {@code 2g}, a rest of F output frames as
     * {@code -1 - F}.
     */
    public int[] decisions() { return Arrays.copyOf(decided, decidedCount); }

    @Override
    public void prepare(GeneratorContext ctx) {
        decidedCount = 0;
        streams = new GrainSequencer[ctx.streams()];
        for (int s = 0; s < streams.length; s++) {
            streams[s] = new GrainSequencer(model, ctx.random(s).nextLong(), ctx.temperature(), maxCopySamples);
        }
    }

    @Override
    public void next(int stream, GeneratorContext ctx, Segment out) {
        GrainSequencer seq = streams[stream];
        seq.temperature(ctx.temperature());
        seq.continuity(ctx.param(InstrumentParams.CONTINUITY) * 0.001 * model.sampleRate() / model.hop());
        seq.repetition(ctx.param(InstrumentParams.REPETITION));
        int g = seq.next();
        // Lengths are output frames: at another output rate the voice resamples, so scale to keep
        // each grain covering the same stretch of its clip.
        double scale = (ctx.sampleRate() > 0 ? ctx.sampleRate() : model.sampleRate()) / (double) model.sampleRate();
        if (g == GrainSequencer.REST) {
            int frames = (int) Math.max(1, Math.round(seq.restFrames() * scale));
            out.rest(frames);
            if (stream == recordStream) keep(-1 - frames);
            return;
        }
        int hop = (int) Math.round(model.hop() * scale);
        out.set(model.grainClip(g), model.grainStart(g), 2 * hop, hop, 1f, 1f, 0f).attack(seq.attack());
        if (stream == recordStream) keep(2 * g + (seq.attack() ? 1 : 0));
    }

    private void keep(int g) {
        if (decidedCount == decided.length) decided = Arrays.copyOf(decided, Math.max(1024, 2 * decided.length));
        decided[decidedCount++] = g;
    }

    /** About 50 ms of grains ready, at least two: temperature changes are heard within that. */
    @Override
    public int lookahead(GeneratorContext ctx) {
        return Math.max(2, (int) Math.ceil(0.05 * model.sampleRate() / model.hop()));
    }
}
