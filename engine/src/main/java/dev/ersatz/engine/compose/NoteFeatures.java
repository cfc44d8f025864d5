package dev.ersatz.engine.compose;

import dev.ersatz.engine.model.NeuralModel;
import java.util.List;

/**
 * How a note goes into the composer's network: not as one of thousands of distinct notes (a one-hot
 * row per vocabulary entry) but as its parts, one input each of its time shift, duration, pitch,
 * velocity level and position in the bar, and one input for the phrase boundary. Notes that share a
 * pitch or a rhythm share what was learnt of it, and the input layer is a few hundred wide whatever
 * the vocabulary. Control thread.
 */
final class NoteFeatures {
    private static final int SHIFTS = Grid.MAX_SHIFT + 1;
    private static final int DURATIONS = Grid.MAX_DURATION + 1;
    private static final int PITCHES = 128;
    private static final int VELOCITIES = 128 / Grid.VELOCITY_STEP + 1;
    private static final int POSITIONS = Grid.MAX_BAR;
    static final int COUNT = SHIFTS + DURATIONS + PITCHES + VELOCITIES + POSITIONS + 1;

    private NoteFeatures() { }

    /** The features of each note of {@code vocabulary}, then of the boundary. */
    static NeuralModel.Features of(List<NoteEvent> vocabulary) {
        int[][] active = new int[vocabulary.size() + 1][];
        for (int i = 0; i < vocabulary.size(); i++) {
            NoteEvent e = vocabulary.get(i);
            int at = 0;
            int[] f = new int[5];
            f[0] = at + e.shift();
            at += SHIFTS;
            f[1] = at + e.duration();
            at += DURATIONS;
            f[2] = at + e.pitch();
            at += PITCHES;
            f[3] = at + e.velocity() / Grid.VELOCITY_STEP;
            at += VELOCITIES;
            f[4] = at + e.position();
            active[i] = f;
        }
        active[vocabulary.size()] = new int[] {COUNT - 1};
        return new NeuralModel.Features(COUNT, active);
    }
}
