package dev.ersatz.engine.audio;

/**
 * Receives a file's samples block by block ({@link AudioFiles#stream}): what a consumer that needs one
 * pass over the audio (a fingerprint) implements so that the whole file never has to be in memory.
 */
public interface AudioSink {
    /** Called once, before the first block; {@code frames} is the file's length. */
    void begin(int channels, int sampleRate, long frames) throws AudioFileException;

    /**
     * The next {@code frames} frames, planar, in {@code samples[c][0, frames)}. The arrays are reused
     * for the next block: copy what must be kept.
     */
    void block(float[][] samples, int frames) throws AudioFileException;
}
