package dev.ersatz.engine.analysis;

/**
 * The knobs of librosa's {@code effects.trim}/{@code effects.split}: a frame is silent when its RMS
 * lies {@code topDb} or more below the loudest frame's; frames are {@code frameLength} samples long,
 * centred every {@code hopLength} samples.
 */
public record TrimOptions(double topDb, int frameLength, int hopLength) {
    public static final TrimOptions DEFAULT = new TrimOptions(60, 2048, 512);

    public TrimOptions {
        if (!(topDb > 0) || Double.isInfinite(topDb)) throw new IllegalArgumentException("top dB must be positive, not " + topDb);
        if (frameLength <= 0) throw new IllegalArgumentException("frame length must be positive, not " + frameLength);
        if (hopLength <= 0) throw new IllegalArgumentException("hop length must be positive, not " + hopLength);
    }
}
