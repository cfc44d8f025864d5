package dev.ersatz.engine.analysis;

/** A tempo the onset envelope's autocorrelation supports, and how strongly (normalised autocorrelation, ≤ 1). */
public record TempoCandidate(double bpm, double strength) { }
