package dev.ersatz.bridge.jack;

import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.render.Processor;

/** Silence, for `run` until the render engine's instrument is on main (see {@link RunCommand#instrument}). */
final class SilentPlayable implements Playable, Processor {
    @Override public Processor processor() { return this; }

    @Override public void configure(AudioConfig config) { }

    @Override
    public void process(EventBuffer events, float[][] outputs, int frames) {
        for (float[] ch : outputs) java.util.Arrays.fill(ch, 0, frames, 0f);
    }

    @Override public void shutdown() { }

    @Override public void close() { shutdown(); }
}
