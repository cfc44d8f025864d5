package dev.ersatz.engine.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Decodes AIFF and AIFF-C: PCM of 1 to 32 bits big-endian ({@code NONE}, {@code twos}, {@code in24},
 * {@code in32}), little-endian ({@code sowt}), unsigned 8-bit ({@code raw }), and IEEE float
 * ({@code fl32}, {@code fl64}). The sample rate is an 80-bit IEEE extended float. The frame count in
 * COMM is checked against the SSND bytes present before anything is allocated.
 */
final class AiffReader {
    private AiffReader() { }

    private enum Coding { BIG, LITTLE, UNSIGNED_8, FLOAT_32, FLOAT_64 }

    static AudioData read(Path file, ByteBuffer bytes) throws AudioFileException {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.BIG_ENDIAN);
        boolean aifc = AudioFiles.startsWithAt(b, 8, "AIFC");
        b.position(12);
        boolean haveComm = false;
        int channels = 0, bits = 0;
        long frames = 0;
        double rate = 0;
        Coding coding = Coding.BIG;
        int ssndPos = -1;
        long ssndLen = 0;
        while (b.remaining() >= 8) {
            String id = fourCC(b);
            long size = b.getInt() & 0xFFFFFFFFL;
            int body = b.position();
            long left = b.remaining();
            if (id.equals("COMM")) {
                if (size < 18 || size > left || (aifc && size < 22)) throw new AudioFileException(file, "corrupt COMM chunk (" + size + " bytes)");
                channels = b.getShort();
                frames = b.getInt() & 0xFFFFFFFFL;
                bits = b.getShort();
                rate = extended(b);
                if (aifc) coding = coding(file, fourCC(b), bits);
                haveComm = true;
            } else if (id.equals("SSND")) {
                if (size < 8 || left < 8) throw new AudioFileException(file, "corrupt SSND chunk (" + size + " bytes)");
                long offset = b.getInt() & 0xFFFFFFFFL;
                b.getInt(); // block size: alignment hint, unused
                long dataLen = Math.min(size, left) - 8 - offset;
                if (dataLen < 0) throw new AudioFileException(file, "corrupt SSND chunk (offset " + offset + " past its end)");
                ssndPos = (int) (body + 8 + offset);
                ssndLen = dataLen;
            }
            long next = body + size + (size & 1);
            if (next > b.limit()) break;
            b.position((int) next);
        }
        if (!haveComm) throw new AudioFileException(file, "not an AIFF file (no COMM chunk)");
        if (channels < 1) throw new AudioFileException(file, "corrupt header: " + channels + " channels");
        if (!(rate >= 1 && rate <= 1_536_000)) throw new AudioFileException(file, "unsupported sample rate " + rate);
        if (rate != Math.rint(rate)) throw new AudioFileException(file, "unsupported fractional sample rate " + rate);
        int bytesPerSample = switch (coding) {
            case FLOAT_32 -> 4;
            case FLOAT_64 -> 8;
            case UNSIGNED_8 -> 1;
            default -> {
                if (bits < 1 || bits > 32) throw new AudioFileException(file, "unsupported PCM sample size " + bits + " bits");
                yield (bits + 7) / 8;
            }
        };
        if (frames == 0) throw new AudioFileException(file, "no samples");
        if (ssndPos < 0) throw new AudioFileException(file, "no audio data (no SSND chunk)");
        long frameBytes = (long) bytesPerSample * channels;
        long present = ssndLen / frameBytes;
        if (present < frames) {
            throw new AudioFileException(file, "truncated: header claims " + frames + " frames, data holds " + present);
        }
        AudioLimits.checkFits(file, frames, channels);
        float[][] out = new float[channels][(int) frames];
        if (coding == Coding.LITTLE) b.order(ByteOrder.LITTLE_ENDIAN);
        b.position(ssndPos);
        // Samples are left-justified in their bytes, so scaling by the container size is exact for any bit depth.
        double scale = 1.0 / (1L << (8 * bytesPerSample - 1));
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                out[c][i] = switch (coding) {
                    case FLOAT_32 -> b.getFloat();
                    case FLOAT_64 -> (float) b.getDouble();
                    case UNSIGNED_8 -> ((b.get() & 0xFF) - 128) / 128f;
                    default -> switch (bytesPerSample) {
                        case 1 -> b.get() / 128f;
                        case 2 -> b.getShort() / 32768f;
                        case 3 -> (float) (int24(b, coding == Coding.LITTLE) * scale);
                        default -> (float) (b.getInt() * scale);
                    };
                };
            }
        }
        if (coding == Coding.FLOAT_32 || coding == Coding.FLOAT_64) AudioLimits.checkFinite(file, out);
        return new AudioData(out, (int) rate);
    }

    private static Coding coding(Path file, String type, int bits) throws AudioFileException {
        return switch (type) {
            case "NONE", "twos", "in24", "in32" -> Coding.BIG;
            case "sowt", "42ni", "23ni" -> Coding.LITTLE;
            case "raw " -> {
                if (bits != 8) throw new AudioFileException(file, "unsupported AIFF-C 'raw ' sample size " + bits + " bits");
                yield Coding.UNSIGNED_8;
            }
            case "fl32", "FL32" -> Coding.FLOAT_32;
            case "fl64", "FL64" -> Coding.FLOAT_64;
            default -> throw new AudioFileException(file, "unsupported AIFF-C compression '" + type.strip() + "'");
        };
    }

    private static int int24(ByteBuffer b, boolean little) {
        int b0 = b.get() & 0xFF, b1 = b.get() & 0xFF, b2 = b.get();
        return little ? (b2 << 16) | (b1 << 8) | b0 : (b0 << 24 >> 8) | (b1 << 8) | (b2 & 0xFF);
    }

    /** An 80-bit IEEE 754 extended float (sign, 15-bit exponent, 64-bit mantissa with explicit integer bit). */
    static double extended(ByteBuffer b) {
        int se = b.getShort() & 0xFFFF;
        long mantissa = b.getLong();
        int exponent = se & 0x7FFF;
        if (exponent == 0 && mantissa == 0) return 0;
        if (exponent == 0x7FFF) return Double.NaN;
        // The mantissa is unsigned; split it so the top bit is not taken for a sign.
        double m = (mantissa >>> 1) * 2.0 + (mantissa & 1);
        double v = m * Math.pow(2, exponent - 16383 - 63);
        return (se & 0x8000) != 0 ? -v : v;
    }

    private static String fourCC(ByteBuffer b) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) c[i] = (char) (b.get() & 0xFF);
        return new String(c);
    }
}
