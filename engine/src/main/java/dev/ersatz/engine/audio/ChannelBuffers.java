package dev.ersatz.engine.audio;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Planar sample arrays that grow as a streaming decoder produces frames. Used where the header's
 * length cannot be trusted (FLAC, Ogg): memory follows the samples actually decoded, never a claim,
 * and stays within {@link AudioLimits#checkFits}.
 */
final class ChannelBuffers {
    private final Path file;
    private final float[][] data;
    private int frames;

    ChannelBuffers(Path file, int channels, long expectedFrames) throws AudioFileException {
        this.file = file;
        // Trust a claimed length only up to 32 MiB of samples; beyond that, grow as the samples arrive.
        int initial = (int) Math.max(1024, Math.min(expectedFrames, (1 << 23) / channels));
        AudioLimits.checkFits(file, initial, channels);
        this.data = new float[channels][initial];
    }

    int frames() { return frames; }

    int channels() { return data.length; }

    /** Room for {@code more} frames past the current end; returns the arrays to write into at {@link #frames()}. */
    float[][] reserve(int more) throws AudioFileException {
        long need = (long) frames + more;
        if (need > data[0].length) {
            long cap = Math.max(need, data[0].length * 2L);
            AudioLimits.checkFits(file, need, data.length);
            cap = Math.min(cap, Integer.MAX_VALUE - 8);
            for (int c = 0; c < data.length; c++) data[c] = Arrays.copyOf(data[c], (int) cap);
        }
        return data;
    }

    void advance(int n) { frames += n; }

    /** Keeps only the first {@code n} frames (an Ogg stream's final granule position trims the last packet). */
    void truncate(int n) { frames = Math.min(frames, n); }

    float[][] toArrays() {
        float[][] out = new float[data.length][];
        for (int c = 0; c < data.length; c++) out[c] = data[c].length == frames ? data[c] : Arrays.copyOf(data[c], frames);
        return out;
    }
}
