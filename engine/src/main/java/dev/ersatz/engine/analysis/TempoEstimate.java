package dev.ersatz.engine.analysis;

import java.util.List;

/**
 * What the analyser decides about a piece's tempo. Either there is one ({@code candidates} holds the
 * tempo a producer would tap first, then the other readings, and {@code family} its half, itself and
 * double) or there is none: both lists empty, {@code pulse} 0 and {@code absent} saying why (too
 * short, too few onsets, no steady pulse).
 *
 * @param pulse     pulse clarity, 0..1: how periodic the onset strength is at the chosen tempo
 * @param loopBeats when the piece is a loop and its tempo is a whole-beat reading of its length, how
 *                  many beats it holds; else 0
 * @param absent    why there is no tempo, or null when there is one
 */
public record TempoEstimate(List<TempoCandidate> candidates, List<TempoCandidate> family, double pulse, int loopBeats,
                            String absent) {

    public TempoEstimate {
        candidates = List.copyOf(candidates);
        family = List.copyOf(family);
    }

    static TempoEstimate none(String why) { return new TempoEstimate(List.of(), List.of(), 0, 0, why); }

    public boolean present() { return !candidates.isEmpty(); }

    /** The tempo a producer would tap: the first candidate (only when {@link #present()}). */
    public TempoCandidate first() { return candidates.get(0); }
}
