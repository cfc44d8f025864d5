package dev.ersatz.engine.midi;

import dev.ersatz.engine.bounce.Timeline;
import java.util.List;

/**
 * Channel MIDI events at absolute sample positions (notes, CCs, pitch bend, program change,
 * pressure), sorted by position, stable in file order. Built on a control thread; immutable.
 * {@link #addTo} turns it into the offline renderer's {@link Timeline}.
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

    /**
     * Adds every event to a bounce timeline at its frame: the offline renderer then delivers them
     * through the instrument's event path at their offsets, as JACK MIDI input would be.
     */
    public Timeline.Builder addTo(Timeline.Builder b) {
        for (int i = 0; i < frame.length; i++) b.midi(frame[i], status[i], data1[i], data2[i]);
        return b;
    }
}
