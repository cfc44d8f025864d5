package dev.ersatz.engine.analysis.fingerprint;

import dev.ersatz.engine.audio.AudioSink;
import java.util.Arrays;

/**
 * {@link FpcalcInput}'s signal made from a file streamed block by block: only the 11025 Hz mono int16
 * result grows with the file (about 1/16 of a 44.1 kHz stereo float decode), not the decoded audio.
 * The input is resampled in segments that start on an aligned output (see
 * {@link SwrResampler#alignedOutputs}), each with a pre-roll of aligned outputs whose windows would
 * reach into the mirrored start and are thrown away, so every output equals the one-piece
 * resampler's. A fractional step (swr's linear path, e.g. 32 or 16 kHz in) has no short aligned
 * period: there the input is kept whole and resampled at the end, as before. Runs on the calling thread.
 */
final class FpcalcStream implements AudioSink {
    /** Input frames per segment by default: about 6 s at 44.1 kHz, 1 MiB a channel. */
    static final int SEGMENT = 1 << 18;

    private final int segmentFrames;
    private SwrResampler resampler;
    private int period;
    private int preRoll;
    private int segment;
    private float[][] pending;
    private int pendingFrames;
    /** The global output index of the first output of the pending input (an aligned index). */
    private long pendingFirstOut;
    /** The next global output index to keep. */
    private long nextOut;
    private short[] out = new short[1 << 16];
    private int outLength;
    private long frames;
    private int rate;

    FpcalcStream() { this(SEGMENT); }

    /** A smaller segment (tests: many segment joins in a short signal). */
    FpcalcStream(int segmentFrames) { this.segmentFrames = segmentFrames; }

    @Override
    public void begin(int channels, int sampleRate, long frames) {
        this.frames = frames;
        this.rate = sampleRate;
        if (sampleRate == Chromaprint.SAMPLE_RATE) return; // no resampling: each block converts on its own
        resampler = new SwrResampler(sampleRate, Chromaprint.SAMPLE_RATE);
        period = resampler.alignedOutputs();
        if (period > 0) {
            long periodIn = resampler.inputAdvance(period);
            preRoll = (int) (period * ((resampler.halfWindow() + periodIn - 1) / periodIn));
            // Big enough that a segment always yields more than its pre-roll plus a period.
            long least = 4 * (resampler.inputAdvance(preRoll + 2L * period) + resampler.filterLength());
            segment = (int) Math.max(segmentFrames, least);
        } else {
            segment = Integer.MAX_VALUE;
        }
        pending = new float[channels][(int) Math.min(frames, period > 0 ? segment + 65536L : frames)];
    }

    @Override
    public void block(float[][] samples, int n) {
        if (resampler == null) {
            short[] m = FpcalcInput.toInt16(samples[0], n);
            if (samples.length > 1) {
                short[][] pcm = new short[samples.length][];
                for (int c = 0; c < pcm.length; c++) pcm[c] = FpcalcInput.toInt16(samples[c], n);
                m = FpcalcInput.mix(pcm);
            }
            append(m, 0, m.length);
            return;
        }
        if (pendingFrames + n > pending[0].length) {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) pendingFrames + n, 2L * pending[0].length));
            for (int c = 0; c < pending.length; c++) pending[c] = Arrays.copyOf(pending[c], capacity);
        }
        for (int c = 0; c < pending.length; c++) System.arraycopy(samples[c], 0, pending[c], pendingFrames, n);
        pendingFrames += n;
        if (period > 0 && pendingFrames >= segment) resampleSegment(false);
    }

    /** The whole signal, after the last block; the file's length is {@link #seconds}. */
    short[] finish() {
        if (resampler != null && pending != null) resampleSegment(true);
        pending = null;
        return Arrays.copyOf(out, outLength);
    }

    double seconds() { return frames / (double) rate; }

    private void resampleSegment(boolean last) {
        float[][] y = new float[pending.length][];
        for (int c = 0; c < y.length; c++) y[c] = Arrays.copyOf(pending[c], pendingFrames);
        short[] m = FpcalcInput.resampled(y, resampler);
        int skip = (int) (nextOut - pendingFirstOut);
        if (last) {
            if (m.length > skip) append(m, skip, m.length);
            return;
        }
        long end = pendingFirstOut + m.length;
        long keepTo = end / period * period; // the next segment starts its kept outputs on an aligned index
        long nextFirstOut = keepTo - preRoll;
        if (keepTo <= nextOut || nextFirstOut < 0) return; // cannot happen with segment's size; wait for more
        append(m, skip, (int) (keepTo - pendingFirstOut));
        nextOut = keepTo;
        int drop = (int) (resampler.inputAdvance(nextFirstOut) - resampler.inputAdvance(pendingFirstOut));
        for (float[] p : pending) System.arraycopy(p, drop, p, 0, pendingFrames - drop);
        pendingFrames -= drop;
        pendingFirstOut = nextFirstOut;
    }

    private void append(short[] m, int from, int to) {
        int n = to - from;
        if (outLength + n > out.length) out = Arrays.copyOf(out, Math.max(outLength + n, out.length * 2));
        System.arraycopy(m, from, out, outLength, n);
        outLength += n;
    }
}
