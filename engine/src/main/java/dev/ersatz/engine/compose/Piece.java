package dev.ersatz.engine.compose;

import java.nio.file.Path;
import java.util.List;

/**
 * A MIDI file as the composer reads it: its voices (one per track and channel that plays notes,
 * drums left out), its dominant tempo and bar length. Times are grid steps from the file's start.
 */
public record Piece(Path file, List<Voice> voices, double bpm, int barSteps) {
    /** A note at an absolute step. */
    public record Note(long onset, int duration, int pitch, int velocity) { }

    /** The notes of one track and channel, by onset then pitch. */
    public record Voice(int track, int channel, List<Note> notes) {
        /** The median pitch: which part a whole voice belongs to when parts are split by track. */
        public int medianPitch() {
            int[] p = notes.stream().mapToInt(Note::pitch).sorted().toArray();
            return p[p.length / 2];
        }
    }

    public int notes() { return voices.stream().mapToInt(v -> v.notes().size()).sum(); }
}
