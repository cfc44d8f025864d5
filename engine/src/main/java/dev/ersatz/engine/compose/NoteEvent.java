package dev.ersatz.engine.compose;

/**
 * One note as the composer learns and plays it, every time in grid steps ({@link Grid}): the shift
 * from the previous note's onset (0 for a chord; for a phrase's first note, from the bar line), its
 * duration, pitch, velocity (quantised to {@link Grid#VELOCITY_STEP}) and the onset's position in
 * the bar. The position is part of the note so the model learns where in the bar things happen;
 * the composer keeps it consistent with the shifts.
 */
public record NoteEvent(int shift, int duration, int pitch, int velocity, int position) {
    public NoteEvent {
        if (shift < 0 || shift > Grid.MAX_SHIFT) throw new IllegalArgumentException("shift " + shift);
        if (duration < 1 || duration > Grid.MAX_DURATION) throw new IllegalArgumentException("duration " + duration);
        if (pitch < 0 || pitch > 127) throw new IllegalArgumentException("pitch " + pitch);
        if (velocity < 1 || velocity > 127) throw new IllegalArgumentException("velocity " + velocity);
        if (position < 0 || position >= Grid.MAX_BAR) throw new IllegalArgumentException("position " + position);
    }
}
