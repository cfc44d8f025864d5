package dev.ersatz.engine.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * The tempo of a corpus, from its files' tempo decisions: the first candidate most of the files
 * with a tempo agree with (within {@link #AGREE} of each other, weighted by pulse clarity), or none
 * when no file has a tempo. What a tempo-synced preset follows when no JACK timebase master (or
 * MIDI file) gives one: a folder of 137 BPM loops plays at 137, not at a default 120. Any thread.
 *
 * @param bpm    the weighted mean tempo of the agreeing files; NaN when there is none
 * @param agree  how many files agree with it
 * @param timed  how many files have a tempo at all
 * @param files  how many files were looked at
 */
public record CorpusTempo(double bpm, int agree, int timed, int files) {
    /** Tempos this close (relative) are one tempo: the tolerance for "the right tempo". */
    public static final double AGREE = 0.04;

    public boolean present() { return !Double.isNaN(bpm); }

    public static CorpusTempo of(List<TempoEstimate> estimates) {
        List<double[]> t = new ArrayList<>(); // bpm, weight
        for (TempoEstimate e : estimates) if (e.present()) t.add(new double[] {e.first().bpm(), Math.max(1e-3, e.pulse())});
        if (t.isEmpty()) return new CorpusTempo(Double.NaN, 0, 0, estimates.size());
        double bestWeight = -1, bestBpm = Double.NaN;
        int bestCount = 0;
        for (double[] c : t) {
            double w = 0, sum = 0;
            int n = 0;
            for (double[] o : t) {
                if (Math.abs(o[0] - c[0]) <= AGREE * c[0]) {
                    w += o[1];
                    sum += o[0] * o[1];
                    n++;
                }
            }
            if (w > bestWeight) {
                bestWeight = w;
                bestBpm = sum / w;
                bestCount = n;
            }
        }
        return new CorpusTempo(bestBpm, bestCount, t.size(), estimates.size());
    }

    /** "136.9 BPM (12 of 15 files with a tempo agree)", or "none (no file has a steady pulse)". */
    public String describe() {
        if (!present()) return "none (no file of " + files + " has a steady pulse)";
        return String.format(java.util.Locale.ROOT, "%.1f BPM (%d of %d files with a tempo agree)", bpm, agree, timed);
    }
}
