package dev.ersatz.bridge.jack;

import dev.ersatz.engine.render.FrameClock;
import dev.ersatz.engine.render.Processor;

/**
 * What {@code ersatz run} plays: a processor, what it wants from JACK (transport, latency), and what
 * the status line says about it. Control thread, except where a method says otherwise.
 */
public interface Playable extends AutoCloseable {
    Processor processor();

    /** Hears JACK's transport on the JACK thread; null when the processor does not care. */
    default TransportListener transportListener() { return null; }

    /**
     * The processor's frames in time, which the backend publishes into each period so that events
     * timed by a clock (OSC time tags) land at frames; null when nothing plays by time.
     */
    default FrameClock frameClock() { return null; }

    /** The MIDI the processor sends out each period (a live composer's), or null: then there is no {@code midi_out}. */
    default MidiOutput midiOutput() { return null; }

    /** Frames of lookahead the processor's generator adds, reported to JACK as latency. */
    default int lookaheadFrames() { return 0; }

    /** Frames from the audio inputs to the outputs for periods of {@code period} frames (resynthesis), reported to JACK; 0 without inputs. */
    default int inputLatencyFrames(int period) { return 0; }

    /** Control thread, once JACK says its rate: what depends on it is made again at it (resynthesis's corpus). True when something was. */
    default boolean followRate(int sampleRate) throws Exception { return false; }

    /** What the status line says about the audio input's resynthesis, or null without one. */
    default String resynthStatus() { return null; }

    /** Voices sounding now. */
    default int voices() { return 0; }

    /** Most voices that can sound at once. */
    default int polyphony() { return 0; }

    /** The temperature parameter now. */
    default double temperature() { return Double.NaN; }

    /** Phrases the live composer has started so far (0 without one). */
    default long phrases() { return 0; }

    /** Generator ring underruns so far. */
    default long underruns() { return 0; }

    /** Releases the processor (after its last period). */
    @Override
    void close();
}
