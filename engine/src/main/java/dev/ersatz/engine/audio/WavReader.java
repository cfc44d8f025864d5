package dev.ersatz.engine.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Decodes RIFF/WAVE: PCM 8/16/24/32-bit, IEEE float 32/64, and WAVE_FORMAT_EXTENSIBLE carrying either.
 * Chunk sizes are checked against the bytes actually present, so a header that claims gigabytes is
 * an error, not an allocation.
 */
final class WavReader {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private WavReader() { }

    /** Where the samples are and how they are stored, from the header (checked against the bytes present). */
    record Layout(int channels, int rate, int bits, boolean isFloat, int dataPos, long frames) { }

    static AudioData read(Path file, ByteBuffer bytes) throws AudioFileException {
        Layout w = layout(file, bytes);
        AudioLimits.checkFits(file, w.frames(), w.channels());
        float[][] out = new float[w.channels()][(int) w.frames()];
        decode(bytes.order(ByteOrder.LITTLE_ENDIAN), w.dataPos(), out, (int) w.frames(), w.bits(), w.isFloat());
        if (w.isFloat()) AudioLimits.checkFinite(file, out);
        return new AudioData(out, w.rate());
    }

    /**
     * Hands the samples to {@code sink} block by block, read from the file with plain reads (not the
     * mapping), so that memory stays one block however long the file is: what a 12-minute fingerprint
     * needs instead of the whole decoded file.
     */
    static void stream(Path file, ByteBuffer header, FileChannel in, int blockFrames, AudioSink sink) throws AudioFileException {
        Layout w = layout(file, header);
        int channels = w.channels(), bytesPerSample = w.bits() / 8, frameBytes = bytesPerSample * channels;
        sink.begin(channels, w.rate(), w.frames());
        ByteBuffer chunk = ByteBuffer.allocate(blockFrames * frameBytes).order(ByteOrder.LITTLE_ENDIAN);
        float[][] out = new float[channels][blockFrames];
        for (long start = 0; start < w.frames(); start += blockFrames) {
            int n = (int) Math.min(blockFrames, w.frames() - start);
            chunk.clear().limit(n * frameBytes);
            try {
                long at = w.dataPos() + start * frameBytes;
                while (chunk.hasRemaining()) {
                    int got = in.read(chunk, at + chunk.position());
                    if (got < 0) throw new AudioFileException(file, "truncated while reading (the file shrank)");
                }
            } catch (java.io.IOException e) {
                throw new AudioFileException(file, "cannot read: " + e.getMessage());
            }
            decode(chunk, 0, out, n, w.bits(), w.isFloat());
            if (w.isFloat()) AudioLimits.checkFinite(file, out, n, start);
            sink.block(out, n);
        }
    }

    private static Layout layout(Path file, ByteBuffer bytes) throws AudioFileException {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12) throw new AudioFileException(file, "not a WAV file (too short for a RIFF header)");
        b.position(12);
        int format = -1, channels = 0, rate = 0, bits = 0, blockAlign = 0;
        int dataPos = -1;
        long dataLen = 0;
        while (b.remaining() >= 8) {
            String id = fourCC(b);
            long size = b.getInt() & 0xFFFFFFFFL;
            int body = b.position();
            long left = b.remaining();
            if (id.equals("fmt ")) {
                if (size < 16 || size > left) throw new AudioFileException(file, "corrupt fmt chunk (" + size + " bytes)");
                format = b.getShort() & 0xFFFF;
                channels = b.getShort() & 0xFFFF;
                rate = b.getInt();
                b.getInt(); // byte rate: derived, not trusted
                blockAlign = b.getShort() & 0xFFFF;
                bits = b.getShort() & 0xFFFF;
                if (format == FORMAT_EXTENSIBLE) {
                    if (size < 40) throw new AudioFileException(file, "corrupt WAVE_FORMAT_EXTENSIBLE header");
                    b.getShort(); // cbSize
                    int validBits = b.getShort() & 0xFFFF;
                    b.getInt(); // channel mask
                    format = b.getShort() & 0xFFFF; // first two bytes of the sub-format GUID are the format tag
                    if (validBits != 0 && validBits > bits) throw new AudioFileException(file, "corrupt header: " + validBits + " valid bits in " + bits);
                }
            } else if (id.equals("data")) {
                dataPos = body;
                // 0xFFFFFFFF (or 0 with bytes following) is what streaming recorders leave: data runs to the end.
                if (size == 0xFFFFFFFFL || (size == 0 && left > 0)) {
                    dataLen = left;
                } else if (size > left) {
                    throw new AudioFileException(file, "truncated: data chunk claims " + size + " bytes, "
                            + left + " present");
                } else {
                    dataLen = size;
                }
                if (format != -1) break;
            }
            long next = body + size + (size & 1);
            if (next > b.limit()) break;
            b.position((int) next);
        }
        if (format == -1) throw new AudioFileException(file, "not a WAV file (no fmt chunk)");
        if (dataPos < 0) throw new AudioFileException(file, "no audio data (no data chunk)");
        if (channels < 1) throw new AudioFileException(file, "corrupt header: " + channels + " channels");
        if (rate < 1 || rate > 1_536_000) throw new AudioFileException(file, "unsupported sample rate " + Integer.toUnsignedString(rate));
        boolean isFloat = format == FORMAT_FLOAT;
        if (format != FORMAT_PCM && !isFloat) throw new AudioFileException(file, "unsupported WAV encoding (format tag 0x" + Integer.toHexString(format) + ")");
        if (isFloat ? bits != 32 && bits != 64 : bits < 1 || bits > 32) {
            throw new AudioFileException(file, "unsupported " + (isFloat ? "float" : "PCM") + " sample size " + bits + " bits");
        }
        // PCM of odd sizes (12, 20 bits) sits left-justified in whole bytes: read it by its container.
        int bytesPerSample = (bits + 7) / 8;
        bits = bytesPerSample * 8;
        int frameBytes = bytesPerSample * channels;
        if (blockAlign != 0 && blockAlign != frameBytes) throw new AudioFileException(file, "corrupt header: block align " + blockAlign + " for " + channels + " × " + bits + " bits");
        long frames = dataLen / frameBytes;
        if (frames == 0) throw new AudioFileException(file, "no samples");
        return new Layout(channels, rate, bits, isFloat, dataPos, frames);
    }

    /**
     * Deinterleaves in chunks copied out of the mapped file into a plain array: the JIT turns these
     * loops into straight array code, several times faster than a ByteBuffer call per sample.
     */
    private static void decode(ByteBuffer b, int dataPos, float[][] out, int frames, int bits, boolean isFloat) {
        if (bits == 16) {
            decode16(b, dataPos, out, frames);
            return;
        }
        int channels = out.length;
        int bytesPerSample = bits / 8;
        int frameBytes = bytesPerSample * channels;
        int chunkFrames = Math.max(1, (1 << 16) / frameBytes);
        byte[] chunk = new byte[chunkFrames * frameBytes];
        for (int start = 0; start < frames; start += chunkFrames) {
            int n = Math.min(chunkFrames, frames - start);
            b.get(dataPos + start * frameBytes, chunk, 0, n * frameBytes);
            for (int c = 0; c < channels; c++) {
                float[] o = out[c];
                int at = c * bytesPerSample;
                for (int i = 0; i < n; i++, at += frameBytes) o[start + i] = sample(chunk, at, bits, isFloat);
            }
        }
    }

    /**
     * 16-bit PCM, the common case, in bulk: a chunk of samples comes out of the mapped file as shorts
     * in one copy, and mono and stereo are deinterleaved in one pass. x / 32768 is x * 2^-15 exactly.
     */
    private static void decode16(ByteBuffer b, int dataPos, float[][] out, int frames) {
        int channels = out.length;
        ShortBuffer in = b.slice(dataPos, frames * 2 * channels).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        int chunkFrames = Math.max(1, (1 << 15) / channels);
        short[] chunk = new short[chunkFrames * channels];
        float scale = 1f / 32768f;
        for (int start = 0; start < frames; start += chunkFrames) {
            int n = Math.min(chunkFrames, frames - start);
            in.get(chunk, 0, n * channels);
            if (channels == 1) {
                float[] o = out[0];
                for (int i = 0; i < n; i++) o[start + i] = chunk[i] * scale;
            } else if (channels == 2) {
                float[] l = out[0], r = out[1];
                for (int i = 0, j = 0; i < n; i++, j += 2) {
                    l[start + i] = chunk[j] * scale;
                    r[start + i] = chunk[j + 1] * scale;
                }
            } else {
                for (int c = 0; c < channels; c++) {
                    float[] o = out[c];
                    for (int i = 0, j = c; i < n; i++, j += channels) o[start + i] = chunk[j] * scale;
                }
            }
        }
    }

    private static float sample(byte[] x, int at, int bits, boolean isFloat) {
        switch (bits) {
            case 8:
                return isFloat ? 0 : ((x[at] & 0xFF) - 128) / 128f;
            case 16:
                return (short) ((x[at] & 0xFF) | x[at + 1] << 8) / 32768f;
            case 24:
                return ((x[at] & 0xFF) | (x[at + 1] & 0xFF) << 8 | x[at + 2] << 16) / 8388608f;
            case 32: {
                int v = (x[at] & 0xFF) | (x[at + 1] & 0xFF) << 8 | (x[at + 2] & 0xFF) << 16 | x[at + 3] << 24;
                return isFloat ? Float.intBitsToFloat(v) : (float) (v / 2147483648.0);
            }
            default: {
                long lo = ((x[at] & 0xFF) | (x[at + 1] & 0xFF) << 8 | (x[at + 2] & 0xFF) << 16 | (long) (x[at + 3] & 0xFF) << 24);
                long hi = ((x[at + 4] & 0xFF) | (x[at + 5] & 0xFF) << 8 | (x[at + 6] & 0xFF) << 16 | (long) (x[at + 7] & 0xFF) << 24);
                return (float) Double.longBitsToDouble(hi << 32 | lo);
            }
        }
    }

    private static String fourCC(ByteBuffer b) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) c[i] = (char) (b.get() & 0xFF);
        return new String(c);
    }
}
