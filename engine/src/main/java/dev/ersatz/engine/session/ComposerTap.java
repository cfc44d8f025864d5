package dev.ersatz.engine.session;

import dev.ersatz.engine.compose.LiveComposer;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.render.NonRealtime;
import dev.ersatz.engine.render.Processor;
import dev.ersatz.engine.render.TransportState;

/**
 * Runs the session's {@link LiveComposer}, when it has one, before the processor it wraps: the
 * composer's notes of each block are kept for the backend to write out ({@link #composed}, JACK's
 * {@code midi_out}), and with {@code self} they also play the instrument, merged in frame order with
 * the block's own events. A note-on among the block's own events (JACK's {@code midi_in}) seeds the
 * composer's next phrase ({@link LiveComposer#leadIn}), and controller {@link LiveComposer#REGISTER_CC}
 * its register ({@link LiveComposer#register}); both still reach the instrument. Audio thread in {@link #process}: no
 * allocation, no lock.
 */
public final class ComposerTap implements Processor, NonRealtime {
    private static final int CAPACITY = 1024;

    private final Processor inner;
    private final TransportState transport;
    private final EventBuffer composed = new EventBuffer(CAPACITY);
    private final EventBuffer merged = new EventBuffer(2 * CAPACITY);
    private volatile LiveComposer composer;
    private volatile boolean self;
    private volatile int sampleRate = 48000;

    public ComposerTap(Processor inner, TransportState transport) {
        this.inner = inner;
        this.transport = transport;
    }

    /** Control thread: play {@code c} from the next block (null: none); with {@code toSelf} into the instrument too. */
    public void compose(LiveComposer c, boolean toSelf) {
        self = toSelf;
        composer = c;
    }

    /** Control thread. */
    public LiveComposer composer() { return composer; }

    /** Audio thread, after {@link #process}: the composer's notes of the block just rendered. */
    public EventBuffer composed() { return composed; }

    @Override
    public void configure(AudioConfig config) {
        sampleRate = config.sampleRate();
        inner.configure(config);
    }

    @Override
    public void process(EventBuffer events, float[][] outputs, int frames) {
        composed.clear();
        LiveComposer c = composer;
        if (c == null) {
            inner.process(events, outputs, frames);
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            if (events.kind(i) != EventBuffer.MIDI) continue;
            int type = events.status(i) & 0xF0;
            if (type == 0x90 && events.data2(i) > 0) c.leadIn(events.data1(i));
            else if (type == 0xB0 && events.data1(i) == LiveComposer.REGISTER_CC) c.register(events.data2(i));
        }
        c.render(transport, sampleRate, frames, composed);
        if (!self || composed.size() == 0) {
            inner.process(events, outputs, frames);
            return;
        }
        merged.clear();
        int i = 0;
        int j = 0;
        while (i < events.size() || j < composed.size()) {
            boolean fromEvents = j >= composed.size() || (i < events.size() && events.offset(i) <= composed.offset(j));
            if (fromEvents) copy(events, i++);
            else merged.addMidi(composed.offset(j), composed.status(j), composed.data1(j), composed.data2(j++));
        }
        inner.process(merged, outputs, frames);
    }

    private void copy(EventBuffer from, int i) {
        if (from.kind(i) == EventBuffer.MIDI) merged.addMidi(from.offset(i), from.status(i), from.data1(i), from.data2(i));
        else merged.addParam(from.offset(i), from.param(i), from.value(i));
    }

    @Override
    public void shutdown() { inner.shutdown(); }

    @Override
    public void setDeterministic(boolean deterministic) {
        if (inner instanceof NonRealtime n) n.setDeterministic(deterministic);
    }

    /** Offline: the instrument's generators and the composer's next phrase. */
    @Override
    public void awaitGenerators() {
        if (inner instanceof NonRealtime n) n.awaitGenerators();
        LiveComposer c = composer;
        if (c != null) c.awaitPhrase();
    }

    @Override
    public int inputChannels() { return inner.inputChannels(); }

    @Override
    public void input(float[][] inputs, int frames) { inner.input(inputs, frames); }
}
