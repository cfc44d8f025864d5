package dev.ersatz.engine.render;

/**
 * A processor whose generators can run in deterministic non-real-time mode (as JSyn's
 * non-real-time mode): the offline renderer waits, before each block, until every generator ring is
 * filled to its fixed level, so the result depends on the seed and events, never on thread timing.
 */
public interface NonRealtime {

    /** Control thread, before {@link Processor#configure}: true for bounces, false (the default) for live. */
    void setDeterministic(boolean deterministic);

    /** Rendering thread, before each {@link Processor#process} in deterministic mode: fill and wait. */
    void awaitGenerators();
}
