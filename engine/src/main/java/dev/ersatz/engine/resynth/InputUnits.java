package dev.ersatz.engine.resynth;

import dev.ersatz.engine.model.GrainDescriber;

/**
 * Cuts streamed input into units and describes each as the corpus's units are described: a unit
 * starts at an onset, or {@code maxUnitFrames} after the previous start when none came. The
 * onset test runs on {@link #BLOCK}-sample blocks as the input streams in: the block's energy, or
 * its first difference's energy (high frequencies: a hi-hat over a kick's tail), rises more than
 * {@link #RISE} times the mean of the four blocks before it, above a −60 dBFS floor and at least
 * {@link #MIN_GAP_SECONDS} after the previous onset. Once the {@link CorpusUnits#DESCRIBE_FRAMES}
 * samples from a unit's start have arrived, the window is described with {@link GrainDescriber}
 * (the one implementation: {@link GrainDescriber#describeOne}, the batch path's figures in plain
 * Java) and handed to the {@link Sink}: that wait is the match's latency.
 *
 * <p>Worker thread (live) or the offline renderer's thread; allocation-free after construction, so
 * a live input makes no garbage (no collection pauses that would stall the JACK thread too).
 */
public final class InputUnits {
    public static final int BLOCK = 128;
    static final double RISE = 4.0; // 6 dB
    static final double MIN_GAP_SECONDS = 0.03;
    private static final int HISTORY = 4;

    /**
     * Receives each described unit: where it starts (input frame), whether an onset started it, its
     * descriptor ({@link CorpusUnits#DIMS} long) and the {@link CorpusUnits#DESCRIBE_FRAMES} input
     * samples it was described from (both buffers are reused: valid during the call only).
     */
    public interface Sink {
        void unit(long startFrame, boolean onset, float[] descriptor, float[] window);
    }

    private final int window = CorpusUnits.DESCRIBE_FRAMES;
    private final GrainDescriber describer;
    private final float[] ring; // the last ring.length input samples
    private final float[][] one = new float[1][];
    private final float[] descriptor = new float[CorpusUnits.DIMS];
    private final int minGap;
    private final int rate;
    private int maxUnitFrames;
    private long frame;          // input frames seen
    private long lastStart = Long.MIN_VALUE / 2, lastOnset = Long.MIN_VALUE / 2;
    private final long[] pending = new long[64];
    private final boolean[] pendingOnset = new boolean[64];
    private int pendingHead, pendingCount;
    private final double[] energy = new double[HISTORY], diffEnergy = new double[HISTORY];
    private int blockFill, blocks;
    private double blockEnergy, blockDiff;
    private float previous;

    public InputUnits(int rate, int maxUnitFrames) {
        this.rate = rate;
        this.describer = new GrainDescriber(window, rate);
        this.ring = new float[Integer.highestOneBit(window * 4) * 2];
        this.one[0] = new float[window];
        this.minGap = (int) Math.round(MIN_GAP_SECONDS * rate);
        this.maxUnitFrames = maxUnitFrames;
    }

    public void maxUnitFrames(int frames) { this.maxUnitFrames = Math.max(BLOCK, frames); }

    /** The input's sample rate. */
    public int rate() { return rate; }

    /** The frames between a unit's start and its description: the latency of a match. */
    public int latencyFrames() { return window; }

    /** Streams {@code x[from..from+n)} (mono, any values: non-finite ones count as 0) in. */
    public void push(float[] x, int from, int n, Sink sink) {
        for (int i = 0; i < n; i++) {
            float v = Sanitize.sample(x[from + i]);
            ring[(int) (frame & (ring.length - 1))] = v;
            if (blockFill == 0 && frame - lastStart >= maxUnitFrames) start(frame, false);
            double d = v - previous;
            previous = v;
            blockEnergy += v * v;
            blockDiff += d * d;
            frame++;
            if (++blockFill == BLOCK) endBlock();
            flush(sink);
        }
    }

    private void endBlock() {
        long blockStart = frame - BLOCK;
        if (blocks >= HISTORY) {
            double e = 0, h = 0;
            for (int i = 0; i < HISTORY; i++) {
                e += energy[i];
                h += diffEnergy[i];
            }
            e /= HISTORY;
            h /= HISTORY;
            double floor = 1e-6 * BLOCK;
            boolean rise = (blockEnergy > floor && blockEnergy > RISE * e) || (blockDiff > floor && blockDiff > RISE * h);
            if (rise && blockStart - lastOnset >= minGap) start(blockStart, true);
        }
        energy[blocks % HISTORY] = blockEnergy;
        diffEnergy[blocks % HISTORY] = blockDiff;
        blocks++;
        blockEnergy = 0;
        blockDiff = 0;
        blockFill = 0;
    }

    private void start(long at, boolean onset) {
        if (onset) {
            lastOnset = at;
            // An onset replaces a timed start made inside this very block.
            if (pendingCount > 0) {
                int last = (pendingHead + pendingCount - 1) % pending.length;
                if (pending[last] >= at && !pendingOnset[last]) pendingCount--;
            }
        }
        if (pendingCount == pending.length) return; // cannot happen at sane unit lengths; drop rather than grow
        int slot = (pendingHead + pendingCount) % pending.length;
        pending[slot] = at;
        pendingOnset[slot] = onset;
        pendingCount++;
        lastStart = at;
    }

    private void flush(Sink sink) {
        while (pendingCount > 0 && frame - pending[pendingHead] >= window) {
            long at = pending[pendingHead];
            float[] w = one[0];
            for (int i = 0; i < window; i++) w[i] = ring[(int) ((at + i) & (ring.length - 1))];
            describer.describeOne(w, 0, descriptor);
            boolean onset = pendingOnset[pendingHead];
            descriptor[CorpusUnits.ATTACK] = onset ? 1 : 0;
            pendingHead = (pendingHead + 1) % pending.length;
            pendingCount--;
            sink.unit(at, onset, descriptor, w);
        }
    }

}
