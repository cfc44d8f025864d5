package dev.ersatz.engine.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes AIFF-C bytes by hand, for encodings sox does not write (sowt, fl64) and for damaged headers. */
final class AiffBytes {
    private AiffBytes() { }

    static byte[] aifc(AudioData a, String compression, int bits, ByteOrder sampleOrder) {
        return aifc(a.channels(), a.sampleRate(), a.frames(), compression, bits, sampleOrder);
    }

    /** {@code claimedFrames} goes into COMM as is, whatever the data holds. */
    static byte[] aifc(float[][] x, double rate, long claimedFrames, String compression, int bits, ByteOrder sampleOrder) {
        int ch = x.length, n = x[0].length, bytesPer = bits / 8;
        int dataBytes = n * ch * bytesPer;
        int commSize = 18 + 4 + 2; // + compression type + empty pascal string (length byte + pad)
        int total = 12 + 12 + 8 + commSize + 16 + dataBytes;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.BIG_ENDIAN);
        b.put(ascii("FORM")).putInt(total - 8).put(ascii("AIFC"));
        b.put(ascii("FVER")).putInt(4).putInt(0xA2805140);
        b.put(ascii("COMM")).putInt(commSize).putShort((short) ch).putInt((int) claimedFrames).putShort((short) bits).put(extended(rate));
        b.put(ascii(compression)).put((byte) 0).put((byte) 0);
        b.put(ascii("SSND")).putInt(8 + dataBytes).putInt(0).putInt(0);
        ByteBuffer d = b.slice().order(sampleOrder);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < ch; c++) {
                switch (compression) {
                    case "fl32" -> d.putFloat(x[c][i]);
                    case "fl64" -> d.putDouble(x[c][i]);
                    default -> d.putShort((short) Math.max(-32768, Math.min(32767, Math.round(x[c][i] * 32768.0))));
                }
            }
        }
        return b.array();
    }

    static byte[] extended(double v) {
        ByteBuffer b = ByteBuffer.allocate(10).order(ByteOrder.BIG_ENDIAN);
        if (v == 0) return b.array();
        int exp = Math.getExponent(v);
        long mantissa = (long) (v / Math.pow(2, exp) * (1L << 62)) << 1; // 1.f with the integer bit explicit
        b.putShort((short) (exp + 16383)).putLong(mantissa);
        return b.array();
    }

    static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
