package dev.ersatz.engine.analysis.fingerprint;

import java.io.ByteArrayOutputStream;
import java.util.Base64;

/**
 * The compressed text form fpcalc prints without -raw: each item XORed with the previous one, the
 * positions of its set bits written as gaps (3-bit values, a gap of 7 or more continued in a 5-bit
 * "exceptional" value, 0 ends an item), after a 4-byte header (algorithm, item count as 24 bits
 * big-endian), bits packed least significant first, then URL-safe base64 without padding.
 */
public final class FingerprintCompressor {
    /** Chromaprint numbers its default algorithm (TEST2) 1 in the header. */
    public static final int DEFAULT_ALGORITHM = 1;

    private FingerprintCompressor() { }

    public static String encode(int[] raw) {
        return encode(raw, DEFAULT_ALGORITHM);
    }

    public static String encode(int[] raw, int algorithm) {
        BitPacker normal = new BitPacker(3);
        BitPacker exceptional = new BitPacker(5);
        for (int i = 0; i < raw.length; i++) {
            int x = i == 0 ? raw[0] : raw[i] ^ raw[i - 1];
            int bit = 1, lastBit = 0;
            while (x != 0) {
                if ((x & 1) != 0) {
                    int gap = bit - lastBit;
                    if (gap >= 7) {
                        normal.add(7);
                        exceptional.add(gap - 7);
                    } else {
                        normal.add(gap);
                    }
                    lastBit = bit;
                }
                x >>>= 1;
                bit++;
            }
            normal.add(0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(algorithm & 255);
        out.write((raw.length >> 16) & 255);
        out.write((raw.length >> 8) & 255);
        out.write(raw.length & 255);
        normal.writeTo(out);
        exceptional.writeTo(out);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /** Fixed-width values packed into bytes, least significant bit first. */
    private static final class BitPacker {
        private final int width;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int acc;
        private int accBits;

        BitPacker(int width) { this.width = width; }

        void add(int value) {
            acc |= (value & ((1 << width) - 1)) << accBits;
            accBits += width;
            while (accBits >= 8) {
                bytes.write(acc & 255);
                acc >>>= 8;
                accBits -= 8;
            }
        }

        void writeTo(ByteArrayOutputStream out) {
            byte[] b = bytes.toByteArray();
            out.write(b, 0, b.length);
            if (accBits > 0) out.write(acc & 255);
        }
    }
}
