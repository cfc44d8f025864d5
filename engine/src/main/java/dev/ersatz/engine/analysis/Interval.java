package dev.ersatz.engine.analysis;

/** A half-open range of sample frames, [start, end). */
public record Interval(int start, int end) {
    public Interval {
        if (start < 0 || end < start) throw new IllegalArgumentException("interval [" + start + ", " + end + ")");
    }

    public int length() { return end - start; }
}
