package dev.ersatz.engine.analysis.fingerprint;

/**
 * A Chromaprint fingerprint: {@code raw} holds one 32-bit item per {@link Chromaprint#ITEM_SECONDS}
 * (unsigned in fpcalc's output; read with {@link Integer#toUnsignedString}), {@code durationSeconds}
 * the length of the audio it came from.
 */
public record Fingerprint(int[] raw, double durationSeconds) {

    /** fpcalc's DURATION line: whole seconds, truncated, from the duration in whole milliseconds. */
    public long durationWholeSeconds() { return (long) Math.floor(durationSeconds * 1000 + 1e-9) / 1000; }

    /** The items as fpcalc -raw prints them: unsigned decimal, comma-separated. */
    public String rawText() {
        StringBuilder sb = new StringBuilder(raw.length * 11);
        for (int i = 0; i < raw.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(Integer.toUnsignedString(raw[i]));
        }
        return sb.toString();
    }
}
