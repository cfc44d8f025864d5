package dev.ersatz.engine.session;

import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.render.NonRealtime;
import dev.ersatz.engine.render.Processor;

/**
 * Passes every block to the processor it wraps and, on the way, hands MIDI program changes to the
 * {@link InstrumentLink} (a lock-free store), whose control thread then loads the N-th preset of the
 * folder. The instrument itself ignores program changes: loading a file is not audio-thread work.
 * Audio thread in {@link #process}: no allocation, no lock. Deterministic mode passes through to
 * the wrapped processor, so a tapped instrument bounces as exactly as a bare one.
 */
public final class ProgramChangeTap implements Processor, NonRealtime {
    private final Processor inner;
    private final InstrumentLink link;

    public ProgramChangeTap(Processor inner, InstrumentLink link) {
        this.inner = inner;
        this.link = link;
    }

    @Override
    public void configure(AudioConfig config) { inner.configure(config); }

    @Override
    public void process(EventBuffer events, float[][] outputs, int frames) {
        for (int i = 0; i < events.size(); i++) {
            if (events.kind(i) == EventBuffer.MIDI && (events.status(i) & 0xF0) == 0xC0) link.programChange(events.data1(i));
        }
        inner.process(events, outputs, frames);
    }

    @Override
    public void shutdown() { inner.shutdown(); }

    @Override
    public void setDeterministic(boolean deterministic) {
        if (inner instanceof NonRealtime n) n.setDeterministic(deterministic);
    }

    @Override
    public void awaitGenerators() {
        if (inner instanceof NonRealtime n) n.awaitGenerators();
    }

    @Override
    public int inputChannels() { return inner.inputChannels(); }

    @Override
    public void input(float[][] inputs, int frames) { inner.input(inputs, frames); }
}
