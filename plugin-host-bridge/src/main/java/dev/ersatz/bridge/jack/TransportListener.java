package dev.ersatz.bridge.jack;

/**
 * Hears JACK's transport once per period, on the JACK process thread, before the processor runs:
 * must not allocate, lock or block. {@code beatsPerMinute} is 0 when no timebase master gives a tempo.
 */
@FunctionalInterface
public interface TransportListener {
    void transport(long frame, double beatsPerMinute, boolean rolling);
}
