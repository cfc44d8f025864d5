package dev.ersatz.engine.render;

/**
 * Decides material ahead of the audio thread: the sampler today, the chain walker and the learned
 * model the same way. A {@link GeneratorWorker} thread calls {@link #next} for each voice stream
 * whenever that stream's ring has room, so a slow generator delays decisions, never the callback
 * (a dry ring fades the voice out and counts an underrun).
 *
 * <p>Determinism: draw randomness only from {@link GeneratorContext#random(int)} and read
 * parameters only through the context; then the same seed and events give the same bounce.
 */
public interface Generator {

    /** Control thread, once, before any {@link #next}: allocate per-stream state for {@code ctx.streams()} streams. */
    void prepare(GeneratorContext ctx);

    /**
     * Worker thread: decide the next segment of voice stream {@code stream} into {@code out}
     * (clip indices refer to {@code ctx.material()}). May allocate and use ND4J; must not touch
     * audio-thread state.
     */
    void next(int stream, GeneratorContext ctx, Segment out);

    /**
     * Worker thread: how many decisions each stream keeps ready. Fewer means parameter changes
     * (temperature) are heard sooner; more means a slow generator survives longer between decisions.
     * The default keeps about 50 ms of grains ready at the current density, and at least two.
     */
    default int lookahead(GeneratorContext ctx) {
        return 1 + (int) Math.ceil(0.05 * ctx.param(InstrumentParams.DENSITY));
    }

    /** Frames of audio delay this generator adds (rendered-ahead lookahead); 0 for segment deciders. */
    default int latencyFrames() { return 0; }

    /** Worker thread, when a newer program replaced this one: release what it holds. */
    default void close() { }
}
