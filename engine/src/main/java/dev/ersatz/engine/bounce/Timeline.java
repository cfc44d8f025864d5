package dev.ersatz.engine.bounce;

import dev.ersatz.engine.render.EventBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Events at absolute sample positions, for the offline renderer: what a MIDI file, a test or the
 * CLI wants played. Built on a control thread; immutable once built; sorted by frame (stable).
 */
public final class Timeline {
    /** A tempo change, for the offline transport (not an instrument event): {@code value} BPM. */
    static final int TEMPO = -1;

    private final long[] frame;
    private final int[] kind;
    private final int[] a;
    private final int[] b;
    private final int[] c;
    private final float[] value;

    private Timeline(List<Event> events) {
        int n = events.size();
        frame = new long[n]; kind = new int[n]; a = new int[n]; b = new int[n]; c = new int[n]; value = new float[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            frame[i] = e.frame; kind[i] = e.kind; a[i] = e.a; b[i] = e.b; c[i] = e.c; value[i] = e.value;
        }
    }

    public static Timeline empty() { return new Builder().build(); }

    public int size() { return frame.length; }

    public long frame(int i) { return frame[i]; }

    /** The index of the first event at or after {@code f}. */
    int firstAtOrAfter(long f) {
        int lo = 0;
        int hi = frame.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (frame[mid] < f) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Adds event {@code i} to {@code block} at {@code frame(i) - blockStart}. No allocation. */
    boolean addTo(EventBuffer block, int i, long blockStart) {
        return block.add((int) (frame[i] - blockStart), kind[i], a[i], b[i], c[i], value[i]);
    }

    /** Whether event {@code i} is a tempo change ({@link #tempo(int)} BPM) rather than an instrument event. */
    boolean isTempo(int i) { return kind[i] == TEMPO; }

    /** The BPM of tempo change {@code i}. */
    double tempo(int i) { return value[i]; }

    private record Event(long frame, int kind, int a, int b, int c, float value, int order) { }

    /** Collects events in any order; {@link #build} sorts them by frame, keeping insertion order for ties. */
    public static final class Builder {
        private final List<Event> events = new ArrayList<>();

        public Builder midi(long frame, int status, int data1, int data2) {
            check(frame);
            events.add(new Event(frame, EventBuffer.MIDI, status & 0xFF, data1 & 0x7F, data2 & 0x7F, 0f, events.size()));
            return this;
        }

        public Builder noteOn(long frame, int channel, int note, int velocity) { return midi(frame, 0x90 | (channel & 15), note, velocity); }

        public Builder noteOff(long frame, int channel, int note) { return midi(frame, 0x80 | (channel & 15), note, 0); }

        public Builder cc(long frame, int channel, int number, int value) { return midi(frame, 0xB0 | (channel & 15), number, value); }

        /** {@code bend} in -1..1 (full range down .. up). */
        public Builder pitchBend(long frame, int channel, double bend) {
            int v = (int) Math.max(0, Math.min(16383, Math.round(8192 + bend * 8192)));
            return midi(frame, 0xE0 | (channel & 15), v & 0x7F, v >> 7);
        }

        /** A parameter (index in {@code InstrumentParams.SET}) set at {@code frame}. */
        public Builder param(long frame, int index, float value) {
            check(frame);
            events.add(new Event(frame, EventBuffer.PARAM, index, 0, 0, value, events.size()));
            return this;
        }

        /** From {@code frame} on, parameter {@code index} follows the tempo at {@code beats} (NaN: no longer). */
        public Builder sync(long frame, int index, float beats) {
            check(frame);
            events.add(new Event(frame, EventBuffer.SYNC, index, 0, 0, beats, events.size()));
            return this;
        }

        /** The transport's tempo from {@code frame} on (the offline renderer applies it at the next block). */
        public Builder tempo(long frame, double bpm) {
            check(frame);
            if (!(bpm > 0 && bpm < 10_000)) throw new IllegalArgumentException("tempo " + bpm + " BPM at frame " + frame);
            events.add(new Event(frame, TEMPO, 0, 0, 0, (float) bpm, events.size()));
            return this;
        }

        private static void check(long frame) {
            if (frame < 0) throw new IllegalArgumentException("event at negative frame " + frame);
        }

        public Timeline build() {
            List<Event> sorted = new ArrayList<>(events);
            sorted.sort(Comparator.comparingLong(Event::frame).thenComparingInt(Event::order));
            return new Timeline(sorted);
        }
    }
}
