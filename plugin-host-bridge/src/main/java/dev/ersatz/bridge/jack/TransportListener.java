package dev.ersatz.bridge.jack;

/**
 * Hears JACK's transport once per period, on the JACK process thread, before the processor runs:
 * must not allocate, lock or block. {@code bbt}: a timebase master gives tempo, bar, beat and tick;
 * then {@code barBeat} is where the period starts in its bar, in beats from the bar line
 * ({@code beat - 1 + tick / ticks_per_beat}). Without it the other values are whatever the position
 * held, to be ignored (see {@link dev.ersatz.engine.render.TransportState#update}).
 */
@FunctionalInterface
public interface TransportListener {
    void transport(long frame, boolean rolling, boolean bbt, double beatsPerMinute, float beatsPerBar, double barBeat);
}
