package dev.ersatz.engine.preset;

import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.render.Processor;

/**
 * Passes every block to the processor it wraps and, on the way, hands MIDI program changes to the
 * {@link InstrumentLink} (a lock-free store), whose control thread then loads the N-th preset of the
 * folder. The instrument itself ignores program changes: loading a file is not audio-thread work.
 * Audio thread in {@link #process}: no allocation, no lock.
 */
public final class ProgramChangeTap implements Processor {
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
}
