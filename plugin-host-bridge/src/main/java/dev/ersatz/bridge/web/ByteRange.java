package dev.ersatz.bridge.web;

/**
 * An HTTP Range header (RFC 9110 §14) for one range of bytes: {@code bytes=A-B}, {@code bytes=A-}
 * or {@code bytes=-N}. A header it does not understand (several ranges, another unit, bad syntax)
 * is ignored, as the RFC allows, and the whole file is sent.
 */
final class ByteRange {
    static final long[] UNSATISFIABLE = new long[0];

    private ByteRange() { }

    /** {from, to (exclusive)}; null for the whole file; {@link #UNSATISFIABLE} for a range past the end. */
    static long[] parse(String header, long size) {
        if (header == null) return null;
        String h = header.strip();
        if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) return null;
        String spec = h.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) return null;
        String a = spec.substring(0, dash).strip(), b = spec.substring(dash + 1).strip();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) return null;
                long n = Long.parseLong(b);
                if (n < 0) return null;
                if (n == 0 || size == 0) return UNSATISFIABLE;
                return new long[] {Math.max(0, size - n), size};
            }
            long from = Long.parseLong(a);
            if (from < 0) return null;
            if (from >= size) return UNSATISFIABLE;
            if (b.isEmpty()) return new long[] {from, size};
            long last = Long.parseLong(b);
            if (last < from) return null;
            return new long[] {from, Math.min(size, last + 1)};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
