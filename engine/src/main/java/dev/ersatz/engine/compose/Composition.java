package dev.ersatz.engine.compose;

import java.util.List;
import java.util.Map;

/**
 * What the composer made: per part the notes at their onsets (grid steps from the start), the note
 * ids in the part's vocabulary (to compare with the training phrases), and how it went: the mean
 * entropy of the distributions it drew from, in bits, and how often the copy bound refused a note.
 */
public record Composition(int bars, int barSteps, double bpm, Map<Part, Track> tracks) {
    public record Placed(long onset, NoteEvent note) { }

    public record Track(List<Placed> notes, int[] ids, double meanEntropyBits, int refusedByCopyBound, int offBar) { }

    public long lengthSteps() { return (long) bars * barSteps; }
}
