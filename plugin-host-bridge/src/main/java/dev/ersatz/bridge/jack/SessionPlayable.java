package dev.ersatz.bridge.jack;

import dev.ersatz.engine.render.FrameClock;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.render.Processor;
import dev.ersatz.engine.session.InstrumentSession;

/**
 * An {@link InstrumentSession} as JACK plays it: its processor, JACK's transport into the
 * instrument's, the status line's figures, and the other front end (OSC) closed with it.
 * Control thread; {@link #processor} and the transport listener run on JACK's.
 */
public final class SessionPlayable implements Playable {
    private final InstrumentSession session;
    private final AutoCloseable frontEnd;
    private final TransportListener transport;

    /** @param frontEnd another front end over {@code session} (OSC), or null; closed first */
    public SessionPlayable(InstrumentSession session, AutoCloseable frontEnd) {
        this.session = session;
        this.frontEnd = frontEnd;
        var state = session.instrument().transport();
        this.transport = state::update;
    }

    public InstrumentSession session() { return session; }

    @Override public Processor processor() { return session.processor(); }

    @Override public TransportListener transportListener() { return transport; }

    @Override public FrameClock frameClock() { return session.instrument().clock(); }

    @Override public MidiOutput midiOutput() { return session.composer() == null ? null : session::composed; }

    @Override public int lookaheadFrames() { return session.lookaheadFrames(); }

    @Override public boolean followRate(int sampleRate) throws Exception { return session.resynthesizeAt(sampleRate); }

    @Override public int inputLatencyFrames(int period) { return session.inputLatencyFrames(period); }

    @Override
    public String resynthStatus() {
        if (!session.resynthesizing()) return null;
        var r = session.resynthesis();
        return String.format(java.util.Locale.ROOT, "resynth %d units  late %d", r.unitsMatched(), r.lateDecisions());
    }

    @Override public int voices() { return session.instrument().voicesSounding(); }

    @Override public int polyphony() { return Instrument.POLYPHONY; }

    @Override public double temperature() { return session.instrument().parameter(InstrumentParams.TEMPERATURE); }

    @Override public long phrases() { return session.composer() == null ? 0 : session.composer().phrasesStarted(); }

    @Override public long underruns() { return session.instrument().underruns(); }

    @Override
    public void close() {
        try {
            if (frontEnd != null) frontEnd.close();
        } catch (Exception e) {
            // closing a socket at the end is not worth failing the close over
        } finally {
            session.close();
        }
    }
}
