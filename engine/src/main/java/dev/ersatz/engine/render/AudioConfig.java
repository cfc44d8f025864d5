package dev.ersatz.engine.render;

/**
 * What a processor is configured for. A new config (sample-rate or buffer-size change) means a new
 * {@link Processor#configure} call on a control thread, never a reallocation inside process.
 */
public record AudioConfig(int sampleRate, int maxBlockFrames, int outputChannels) {
    public AudioConfig {
        if (sampleRate <= 0 || maxBlockFrames <= 0 || outputChannels <= 0) {
            throw new IllegalArgumentException("bad audio config " + sampleRate + "/" + maxBlockFrames + "/" + outputChannels);
        }
    }
}
