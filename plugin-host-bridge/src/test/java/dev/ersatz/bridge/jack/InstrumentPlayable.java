package dev.ersatz.bridge.jack;

import dev.ersatz.engine.render.FrameClock;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.render.Processor;

/** The render engine's {@link Instrument} as `ersatz run` plays it. */
final class InstrumentPlayable implements Playable {
    private final Instrument instrument;
    // One object for the process thread to call: JACK's transport into the generators' transport state.
    private final TransportListener transport;

    InstrumentPlayable(Instrument instrument) {
        this.instrument = instrument;
        this.transport = instrument.transport()::update;
    }

    Instrument instrument() { return instrument; }

    @Override public Processor processor() { return instrument; }

    @Override public TransportListener transportListener() { return transport; }

    @Override public FrameClock frameClock() { return instrument.clock(); }

    @Override public int lookaheadFrames() { return instrument.latencyFrames(); }

    @Override public int voices() { return instrument.voicesSounding(); }

    @Override public int polyphony() { return Instrument.POLYPHONY; }

    @Override public double temperature() { return instrument.parameter(InstrumentParams.TEMPERATURE); }

    @Override public long underruns() { return instrument.underruns(); }

    @Override public void close() { instrument.shutdown(); }
}
