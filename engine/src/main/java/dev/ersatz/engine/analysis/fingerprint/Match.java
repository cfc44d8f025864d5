package dev.ersatz.engine.analysis.fingerprint;

/**
 * The best alignment of two fingerprints: {@code similarity} is the fraction of equal bits over the
 * overlapping items (1 = identical, about 0.5 = unrelated), {@code offset} the shift in items at which
 * it was found: item i of a lines up with item i + offset of b (positive: b's content comes later).
 */
public record Match(double similarity, int offset) {

    /** The offset in seconds (items are {@link Chromaprint#ITEM_SECONDS} apart). */
    public double offsetSeconds() { return offset * Chromaprint.ITEM_SECONDS; }
}
