package dev.ersatz.engine.chain;

import java.util.ArrayList;
import java.util.List;

/**
 * Where clips start and end inside one sound, given its non-silent intervals and, optionally,
 * transient marks (onsets or beats, sample positions, ascending). Pure; any thread.
 *
 * <p>With marks, a clip starts on its first mark (when one lies in its first half), so the
 * incoming side of every join is an attack rather than the middle of a note, and a clip longer
 * than {@code maxFrames} is cut at the mark nearest each {@code maxFrames} step, so the pieces
 * also start on attacks. Without marks, long clips are kept whole. Pieces shorter than
 * {@code minFrames} are dropped.
 */
public final class ClipCuts {
    private ClipCuts() { }

    /** A clip: samples [start, end) of its sound. */
    public record Cut(int start, int end) {
        public int length() { return end - start; }
    }

    /**
     * @param intervals non-silent [start, end) ranges, ascending (as {@code Trim.split} gives them)
     * @param marks     transient positions, ascending; empty for no snapping or cutting
     * @param maxFrames longest piece before it is cut at a mark (0: never cut)
     */
    public static List<Cut> cuts(List<int[]> intervals, int[] marks, int minFrames, int maxFrames) {
        List<Cut> out = new ArrayList<>();
        for (int[] iv : intervals) {
            int s = iv[0], e = iv[1];
            if (marks.length > 0) {
                int first = firstMarkAtOrAfter(marks, s);
                if (first < marks.length && marks[first] < s + (e - s) / 2) s = marks[first];
            }
            while (marks.length > 0 && maxFrames > 0 && e - s > maxFrames) {
                // the mark nearest s + maxFrames, but leaving both sides at least minFrames
                int target = s + maxFrames;
                int k = firstMarkAtOrAfter(marks, target);
                int best = -1;
                for (int c = Math.max(0, k - 1); c <= Math.min(marks.length - 1, k); c++) {
                    int m = marks[c];
                    if (m - s < Math.max(1, minFrames) || e - m < Math.max(1, minFrames)) continue;
                    if (best < 0 || Math.abs(m - target) < Math.abs(best - target)) best = m;
                }
                if (best < 0) break; // no usable mark near: keep the rest whole
                add(out, s, best, minFrames);
                s = best;
            }
            add(out, s, e, minFrames);
        }
        return out;
    }

    private static void add(List<Cut> out, int s, int e, int minFrames) {
        if (e > s && e - s >= minFrames) out.add(new Cut(s, e));
    }

    private static int firstMarkAtOrAfter(int[] marks, int x) {
        int lo = 0, hi = marks.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (marks[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
