package dev.ersatz.engine.audio;

import java.nio.file.Path;

/** Checks every decoder makes before and after it allocates. */
final class AudioLimits {
    private AudioLimits() { }

    /** Refuses audio that would not fit in half the heap, instead of dying of OutOfMemoryError. */
    static void checkFits(Path file, long frames, int channels) throws AudioFileException {
        long bytes = frames * channels * 4L;
        long budget = Runtime.getRuntime().maxMemory() / 2;
        if (frames > Integer.MAX_VALUE - 8 || bytes > budget) {
            throw new AudioFileException(file, String.format("too large to load: %d frames × %d channels needs %d MiB, "
                    + "more than half the heap (raise it with ERSATZ_JAVA_OPTS=-Xmx...)", frames, channels, bytes >> 20));
        }
    }

    /** NaN or infinite samples poison every later sum; refuse the file rather than guess. */
    static void checkFinite(Path file, float[][] channels) throws AudioFileException {
        checkFinite(file, channels, channels[0].length, 0);
    }

    /** The first n frames of a block that starts at frame {@code first} of the file. */
    static void checkFinite(Path file, float[][] channels, int n, long first) throws AudioFileException {
        for (int c = 0; c < channels.length; c++) {
            float[] x = channels[c];
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(x[i])) {
                    throw new AudioFileException(file, (Float.isNaN(x[i]) ? "NaN" : "infinite") + " sample at frame " + (first + i)
                            + (channels.length > 1 ? " of channel " + (c + 1) : ""));
                }
            }
        }
    }
}
