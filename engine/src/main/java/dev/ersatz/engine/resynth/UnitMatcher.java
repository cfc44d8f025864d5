package dev.ersatz.engine.resynth;

import dev.ersatz.engine.model.GrainDescriber;
import dev.ersatz.engine.model.Temperature;
import java.util.SplittableRandom;

/**
 * Chooses the corpus unit that answers an input unit: the candidates of the {@link UnitIndex}'s
 * leaves are ranked by weighted distance (z-scored descriptors; the 24 mel bands share one weight
 * between them), the k nearest kept; then continuity (the corpus's own next unit wins while its
 * distance is within (1 + continuity) of the nearest) and temperature (T = 0 the nearest, above
 * that a draw from softmax(−distance / T) among the k, by {@link Temperature#sampleLogits}).
 *
 * <p>One matcher per thread (it keeps scratch); {@link #match} allocates nothing and looks at a
 * bounded number of units whatever the corpus size.
 */
public final class UnitMatcher {
    public static final int MAX_NEIGHBOURS = 32;
    private static final int MEL = GrainDescriber.MEL_BANDS;
    static final float ATTACK_WEIGHT = 8f;

    private final UnitIndex index;
    private final int dims;
    private final float[] weight;
    private final float[] query;
    private final int[] stamp;
    private int epoch;
    private final int[] best = new int[MAX_NEIGHBOURS];
    private final float[] bestDistance = new float[MAX_NEIGHBOURS];
    private final double[] logits = new double[MAX_NEIGHBOURS];

    private float[] unitPitch;        // MIDI note per unit (NaN unpitched), or null
    private double queryPitch = Double.NaN;
    private float pitchWeight;

    /** What the last {@link #match} found: the nearest's distance, the chosen one's, its rank among the k (−1 when continued). */
    public float nearestDistance, chosenDistance;
    public int rank;
    public int candidates;

    public UnitMatcher(UnitIndex index) {
        this.index = index;
        this.dims = index.dims;
        this.weight = new float[dims];
        this.query = new float[dims];
        this.stamp = new int[index.count];
        weights(1, 1, 1, 1);
    }

    /** Descriptor weights by group (the weight_* parameters of {@link dev.ersatz.engine.render.InstrumentParams}). Allocates nothing. */
    public void weights(float loudness, float timbre, float brightness, float noisiness) {
        // Squared distance: 24 z-scored mel bands would outweigh the three single figures eightfold,
        // so the bands share three figures' worth between them.
        for (int d = 0; d < MEL && d < dims; d++) weight[d] = timbre * 3f / MEL;
        if (dims >= GrainDescriber.DIMS) {
            weight[MEL] = loudness;
            weight[GrainDescriber.CENTROID] = brightness;
            weight[MEL + 2] = noisiness;
            // An attack answers an attack: the flag outweighs any timbre difference.
            for (int d = GrainDescriber.DIMS; d < dims; d++) weight[d] = ATTACK_WEIGHT;
        } else {
            for (int d = MEL; d < dims; d++) weight[d] = 1;
        }
    }

    /**
     * Pitch in the next matches: each candidate's distance grows with the pitch-class distance
     * between its unit's pitch ({@code unitPitch}, MIDI notes, NaN unpitched) and {@code queryMidi}
     * (NaN: the query is unpitched), weighted by {@code weight}: a semitone apart counts as much as
     * one standard deviation of a descriptor (squared, as the descriptors count), a tritone as six. The index's candidates stay as timbre finds them:
     * pitch re-ranks them. Unpitched on either side adds nothing. Allocates nothing.
     */
    public void pitch(float[] unitPitch, double queryMidi, float weight) {
        this.unitPitch = unitPitch;
        this.queryPitch = queryMidi;
        this.pitchWeight = weight;
    }

    /**
     * The unit answering the raw descriptor {@code desc[at..at+dims)}. {@code continuation} is the
     * corpus unit that would play next if nothing changed (−1 for none). Allocates nothing.
     */
    public int match(float[] desc, int at, double temperature, int neighbours, int continuation, double continuity,
                     SplittableRandom random) {
        index.normalise(desc, at, query, 0);
        int k = Math.max(1, Math.min(MAX_NEIGHBOURS, neighbours));
        int found = 0;
        if (++epoch == Integer.MAX_VALUE) {
            java.util.Arrays.fill(stamp, 0);
            epoch = 1;
        }
        candidates = 0;
        for (int t = 0; t < index.trees; t++) {
            int leaf = index.leaf(t, query);
            int[] ord = index.order[t];
            int lo = index.from[t][leaf], hi = Math.min(index.to[t][leaf], lo + 2 * UnitIndex.LEAF);
            for (int i = lo; i < hi; i++) {
                int u = ord[i];
                if (stamp[u] == epoch) continue;
                stamp[u] = epoch;
                candidates++;
                float dist = distance(u);
                if (found < k || dist < bestDistance[found - 1]) {
                    int j = found < k ? found++ : found - 1;
                    while (j > 0 && (bestDistance[j - 1] > dist || (bestDistance[j - 1] == dist && best[j - 1] > u))) {
                        best[j] = best[j - 1];
                        bestDistance[j] = bestDistance[j - 1];
                        j--;
                    }
                    best[j] = u;
                    bestDistance[j] = dist;
                }
            }
        }
        nearestDistance = bestDistance[0];
        if (continuation >= 0) {
            float dc = distance(continuation);
            if (dc <= (1 + continuity) * bestDistance[0]) {
                chosenDistance = dc;
                rank = -1;
                return continuation;
            }
        }
        for (int i = 0; i < found; i++) logits[i] = -bestDistance[i];
        int pick = Temperature.sampleLogits(logits, found, temperature, random);
        rank = pick;
        chosenDistance = bestDistance[pick];
        return best[pick];
    }

    /** Exact weighted distance of unit {@code u} (normalised) to the query, by brute force over all units: for tests and benchmarks. */
    public int exactNearest(float[] desc, int at) {
        index.normalise(desc, at, query, 0);
        int arg = 0;
        float min = Float.POSITIVE_INFINITY;
        for (int u = 0; u < index.count; u++) {
            float d = distance(u);
            if (d < min) {
                min = d;
                arg = u;
            }
        }
        return arg;
    }

    private float distance(int u) {
        float[] p = index.points;
        int o = u * dims;
        float s = 0;
        for (int d = 0; d < dims; d++) {
            float e = p[o + d] - query[d];
            s += weight[d] * e * e;
        }
        if (pitchWeight > 0 && unitPitch != null && queryPitch == queryPitch) {
            float up = unitPitch[u];
            if (up == up) {
                double pc = Math.abs(queryPitch - up) % 12;
                pc = Math.min(pc, 12 - pc); // 0 .. 6 semitones
                s += (float) (pitchWeight * pc * pc);
            }
        }
        return (float) Math.sqrt(s);
    }
}
