package dev.ersatz.bridge.osc;

import dev.ersatz.engine.preset.GeneratorKind;
import dev.ersatz.engine.render.FrameClock;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.PresetSession;
import dev.ersatz.engine.session.Reporter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The OSC front end of an {@link InstrumentSession}: an {@link OscServer} whose messages
 * ({@link OscControl}) go through the session's preset state and nowhere else. Control threads only.
 */
public final class LiveControl implements AutoCloseable {
    private final InstrumentSession owned;
    private final PresetSession session;
    private final OscServer osc;
    private final OscControl control;

    private LiveControl(InstrumentSession owned, PresetSession session, OscServer osc, OscControl control) {
        this.owned = owned;
        this.session = session;
        this.osc = osc;
        this.control = control;
    }

    /**
     * Listens for OSC on {@code host:port} (0 for any free port) and drives {@code session}; the
     * session stays the caller's to close.
     */
    public static LiveControl start(InstrumentSession session, String host, int port) throws IOException {
        return start(null, session, session.control(), session.instrument().clock(), host, port);
    }

    /**
     * Tests and benchmarks: OSC over an instrument the caller loaded (and shuts down), through a
     * session around it (sampler defaults, presets in {@code folder}); closing this closes that session.
     */
    public static LiveControl over(Instrument instrument, Path folder, String host, int port) throws IOException {
        InstrumentSession s = InstrumentSession.around(instrument, GeneratorKind.SAMPLER, folder, Reporter.QUIET);
        s.startLive();
        try {
            return start(s, s, s.control(), instrument.clock(), host, port);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static LiveControl start(InstrumentSession owned, InstrumentSession live, PresetSession session, FrameClock clock, String host, int port)
            throws IOException {
        OscControl control = new OscControl(session, clock, live);
        try {
            return new LiveControl(owned, session, OscServer.start(host, port, control), control);
        } catch (IOException e) {
            throw new IOException("cannot listen for OSC on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public PresetSession session() { return session; }

    public OscServer osc() { return osc; }

    /** A short status for the terminal: OSC counters. */
    public String status() {
        return "osc " + osc.messages() + " msgs, " + osc.malformed() + " malformed, " + control.errors() + " refused";
    }

    @Override
    public void close() {
        osc.close();
        if (owned != null) owned.close();
    }
}
