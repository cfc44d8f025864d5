package dev.ersatz.engine.render;

/**
 * The master output's last stage: a stereo-linked peak limiter with instant attack and no
 * look-ahead, so it adds no latency and nothing ever leaves the instrument above the ceiling
 * (sixteen voices at full gain sum to about +6 dBFS). Below the ceiling, with the gain recovered,
 * it multiplies by exactly 1 and passes audio bit for bit. NaN and infinity never leave it.
 *
 * <p>Threads: {@link #configure} on a control thread; {@link #process} on the audio thread (no allocation).
 */
final class SafetyLimiter {
    /** −0.3 dBFS: headroom for inter-sample peaks after a DAW's resampling. */
    static final float CEILING = 0.9660509f;
    private static final double RELEASE_SECONDS = 0.15;

    // Double, not float: near unity the release steps are smaller than a float's ulp and would stall.
    private double gain = 1;
    private double release; // per-sample fraction of the distance back to unity gain

    void configure(int sampleRate) {
        release = 1 - Math.exp(-1.0 / (RELEASE_SECONDS * sampleRate));
        gain = 1;
    }

    /**
     * Limits {@code left[0..frames)} and {@code right[0..frames)} in place, both by the same gain.
     * A frame with a NaN or an infinity in either channel leaves as silence in both (and is counted):
     * the last guard, for what no voice check caught. Returns how many frames were silenced.
     */
    int process(float[] left, float[] right, int frames) {
        double g = gain;
        int silenced = 0;
        for (int j = 0; j < frames; j++) {
            double peak = Math.max(Math.abs(left[j]), Math.abs(right[j]));
            if (!(peak <= Float.MAX_VALUE)) { // NaN or infinite (Math.max passes NaN on)
                left[j] = 0f;
                right[j] = 0f;
                silenced++;
                continue;
            }
            if (g < 1) {
                g += (1 - g) * release;
                if (g > 0.99999) g = 1; // within 0.0001 dB: call it unity, so audio passes bit for bit again
            }
            if (peak * g > CEILING) g = CEILING / peak; // instant attack: this sample lands on the ceiling
            if (g < 1) {
                // The product is rounded to float; clamp so rounding can never step over the ceiling.
                left[j] = (float) Math.max(-CEILING, Math.min(CEILING, left[j] * g));
                right[j] = (float) Math.max(-CEILING, Math.min(CEILING, right[j] * g));
            }
        }
        gain = g;
        return silenced;
    }

    /** The gain now (1 = not limiting); for meters and tests. */
    double gain() { return gain; }
}
