package dev.ersatz.engine.midi;

import dev.ersatz.engine.render.EventBuffer;
import java.util.List;

/**
 * Channel MIDI events at absolute sample positions (notes, CCs, pitch bend, program change,
 * pressure), sorted by position, stable in file order. Built on a control thread; a {@link Cursor}
 * then feeds each block's events into the same {@link EventBuffer} live input fills, at the same
 * offsets, without allocating (the audio thread may drive it).
 */
public final class MidiTimeline {
    /** A tempo change at an absolute sample position, for tempo-synced generators. */
    public record TempoChange(long frame, double bpm) { }

    private final long[] frame;
    private final int[] status;
    private final int[] data1;
    private final int[] data2;
    private final long lengthFrames;
    private final int sampleRate;
    private final List<TempoChange> tempo;

    MidiTimeline(long[] frame, int[] status, int[] data1, int[] data2, long lengthFrames, int sampleRate, List<TempoChange> tempo) {
        this.frame = frame;
        this.status = status;
        this.data1 = data1;
        this.data2 = data2;
        this.lengthFrames = lengthFrames;
        this.sampleRate = sampleRate;
        this.tempo = List.copyOf(tempo);
    }

    public int size() { return frame.length; }
    public long frame(int i) { return frame[i]; }
    /** Status byte, channel in the low nibble. */
    public int status(int i) { return status[i]; }
    public int data1(int i) { return data1[i]; }
    public int data2(int i) { return data2[i]; }
    public int sampleRate() { return sampleRate; }
    /** Where the file ends (its end-of-track), in frames. */
    public long lengthFrames() { return lengthFrames; }
    /** Tempo changes in order; empty for SMPTE-timed files. The first is at frame 0. */
    public List<TempoChange> tempo() { return tempo; }

    /** The tempo in effect at {@code at}, or {@code fallback} when the file has no tempo map. */
    public double bpmAt(long at, double fallback) {
        double bpm = fallback;
        for (TempoChange t : tempo) {
            if (t.frame() > at) break;
            bpm = t.bpm();
        }
        return bpm;
    }

    public Cursor cursor() { return new Cursor(); }

    /** A play position in the timeline. One thread at a time; {@link #fill} does not allocate. */
    public final class Cursor {
        private int next;

        /** Back to the start. */
        public void rewind() { next = 0; }

        /** Adds the events in {@code [blockStart, blockStart + frames)} to {@code out} at their offsets. */
        public void fill(long blockStart, int frames, EventBuffer out) {
            long end = blockStart + frames;
            while (next < frame.length && frame[next] < blockStart) next++; // events before the start are skipped
            while (next < frame.length && frame[next] < end) {
                out.addMidi((int) (frame[next] - blockStart), status[next], data1[next], data2[next]);
                next++;
            }
        }

        public boolean finished() { return next >= frame.length; }
    }
}
