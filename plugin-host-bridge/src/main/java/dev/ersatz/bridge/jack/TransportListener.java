package dev.ersatz.bridge.jack;

/**
 * Hears JACK's transport once per period, on the JACK process thread, before the processor runs:
 * must not allocate, lock or block. When no timebase master gives bar, beat and tick,
 * {@code beatsPerMinute} and {@code beatsPerBar} are 0 and {@code barBeat} is NaN; otherwise
 * {@code barBeat} is where the period starts in its bar, in beats from the bar line
 * ({@code beat - 1 + tick / ticks_per_beat}).
 */
@FunctionalInterface
public interface TransportListener {
    void transport(long frame, double beatsPerMinute, boolean rolling, float beatsPerBar, double barBeat);
}
