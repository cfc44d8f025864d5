package dev.ersatz.engine.resynth;

import dev.ersatz.engine.analysis.Onsets;
import dev.ersatz.engine.analysis.PitchEstimator;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.model.GrainDescriber;
import dev.ersatz.engine.util.Progress;
import java.util.ArrayList;
import java.util.List;

/**
 * The corpus cut into units: each clip is cut at its onsets (the project's detector, so a drum hit
 * is one unit) and every {@code maxUnitFrames} between them (so sustained material becomes
 * grain-sized units). Each unit is described by the first {@link #DESCRIBE_FRAMES}-sample window at
 * its start with {@link GrainDescriber}, the same descriptors the learned model uses, and
 * {@link #next} links it to the clip's following unit (continuity). The same window's pitch
 * ({@link PitchEstimator}) is kept beside the descriptors, not in them, for transposing a unit toward
 * an input's pitch ({@link #semitonesTo}). Built on a control thread.
 */
public final class CorpusUnits {
    /** Descriptor window: about 43 ms at 48 kHz, the latency of a match. */
    public static final int DESCRIBE_FRAMES = 2048;
    private static final int BATCH = 512;

    public final float[][] audio;   // mono per clip
    public final String[] names;    // clip file names
    public final int[] clip;
    public final int[] start;
    public final int[] next;        // the clip's following unit, or -1
    /** Descriptor length: the grain descriptors and an attack flag (1 when the unit starts at an onset or its clip's start). */
    public static final int DIMS = GrainDescriber.DIMS + 1;
    public static final int ATTACK = GrainDescriber.DIMS;

    public final float[] descriptors; // count x DIMS, row-major
    /** Each unit's pitch as a MIDI note (69 = A 440 Hz, fractional), NaN when its window is unvoiced. */
    public final float[] pitch;
    /** Each unit's periodicity, 0..1 ({@link PitchEstimator#confidence()}): how much its pitch can be trusted. */
    public final float[] pitchConfidence;
    public final int rate;

    private CorpusUnits(float[][] audio, String[] names, int[] clip, int[] start, int[] next, float[] descriptors,
                        float[] pitch, float[] pitchConfidence, int rate) {
        this.audio = audio;
        this.names = names;
        this.clip = clip;
        this.start = start;
        this.next = next;
        this.descriptors = descriptors;
        this.pitch = pitch;
        this.pitchConfidence = pitchConfidence;
        this.rate = rate;
    }

    /**
     * Semitones that take unit {@code unit}'s pitch to {@code midi} (a MIDI note, e.g. an input unit's
     * {@link PitchEstimator#midi}), or 0 when either is unvoiced (NaN): such a unit plays as it is.
     * Any thread; allocates nothing.
     */
    public float semitonesTo(int unit, double midi) {
        float p = pitch[unit];
        return Float.isNaN(p) || Double.isNaN(midi) ? 0 : (float) (midi - p);
    }

    public int count() { return clip.length; }

    /**
     * Units given whole (benchmarks: corpora of a million units without describing a million
     * windows): unit {@code i} starts at {@code start[i]} of {@code audio[clip[i]]}, units of one clip
     * in order and consecutive, {@code descriptors} {@link #DIMS} floats a unit; no pitch.
     */
    public static CorpusUnits given(float[][] audio, int[] clip, int[] start, float[] descriptors, int rate) {
        int n = clip.length;
        if (start.length != n || descriptors.length != n * DIMS) throw new IllegalArgumentException("units and descriptors disagree");
        int[] next = new int[n];
        for (int i = 0; i < n; i++) next[i] = i + 1 < n && clip[i + 1] == clip[i] ? i + 1 : -1;
        float[] pitch = new float[n], confidence = new float[n];
        java.util.Arrays.fill(pitch, Float.NaN);
        String[] names = new String[audio.length];
        for (int c = 0; c < names.length; c++) names[c] = "clip " + c;
        return new CorpusUnits(audio, names, clip.clone(), start.clone(), next, descriptors, pitch, confidence, rate);
    }

    /** Units of the clips (all at {@code rate}); progress counts units described. */
    public static CorpusUnits of(List<Clip> clips, int rate, int maxUnitFrames, Progress progress) {
        float[][] audio = new float[clips.size()][];
        String[] names = new String[clips.size()];
        List<int[]> units = new ArrayList<>();
        for (int c = 0; c < clips.size(); c++) {
            audio[c] = Sanitize.finite(clips.get(c).audio().mono());
            names[c] = clips.get(c).source().getFileName().toString();
            int[] onsets = audio[c].length >= DESCRIBE_FRAMES ? Onsets.detect(audio[c], rate) : new int[0];
            int prev = 0, o = 0;
            units.add(new int[] {c, 0, 1});
            while (true) {
                int nextOnset = o < onsets.length ? onsets[o] : audio[c].length;
                boolean attack = false;
                if (nextOnset - prev > maxUnitFrames) {
                    prev += maxUnitFrames;
                } else if (o < onsets.length) {
                    o++;
                    if (nextOnset <= prev) continue; // the clip's start, or a repeated onset
                    prev = nextOnset;
                    attack = true;
                } else {
                    break;
                }
                if (audio[c].length - prev < DESCRIBE_FRAMES / 4) break; // a sliver at the end is no unit
                units.add(new int[] {c, prev, attack ? 1 : 0});
            }
        }
        int n = units.size();
        int[] clip = new int[n], start = new int[n], next = new int[n];
        for (int i = 0; i < n; i++) {
            clip[i] = units.get(i)[0];
            start[i] = units.get(i)[1];
            next[i] = -1;
            if (i > 0 && clip[i - 1] == clip[i]) next[i - 1] = i;
        }
        GrainDescriber describer = new GrainDescriber(DESCRIBE_FRAMES, rate);
        PitchEstimator estimator = new PitchEstimator(DESCRIBE_FRAMES, rate);
        float[] desc = new float[n * DIMS], pitch = new float[n], confidence = new float[n];
        for (int from = 0; from < n; from += BATCH) {
            int count = Math.min(BATCH, n - from);
            float[] d = describer.describe(audio, clip, start, from, count);
            for (int i = 0; i < count; i++) {
                System.arraycopy(d, i * GrainDescriber.DIMS, desc, (from + i) * DIMS, GrainDescriber.DIMS);
                desc[(from + i) * DIMS + ATTACK] = units.get(from + i)[2];
                int u = from + i;
                float[] a = audio[clip[u]];
                double hz = estimator.estimate(a, start[u], Math.min(DESCRIBE_FRAMES, a.length - start[u]));
                pitch[u] = (float) PitchEstimator.midi(hz);
                confidence[u] = (float) estimator.confidence();
            }
            progress.update(from + count, n, "describing units");
        }
        return new CorpusUnits(audio, names, clip, start, next, desc, pitch, confidence, rate);
    }
}
