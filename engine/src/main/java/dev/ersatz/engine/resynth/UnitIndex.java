package dev.ersatz.engine.resynth;

import java.util.SplittableRandom;

/**
 * An approximate nearest-neighbour index over unit descriptors: a forest of random-projection
 * trees (each node splits its units at the median of their projection on a random direction; a
 * leaf holds at most {@link #LEAF} units). A query descends each tree to one leaf and offers that
 * leaf's units as candidates, so it looks at no more than {@code trees × 2·LEAF} units plus
 * {@code trees × depth} projections: with depth about log2(N / LEAF), the cost is the same, to
 * a few dot products, for a thousand or a million units. Descriptors are z-scored per dimension
 * (the corpus's mean and deviation) before they are indexed and compared.
 *
 * <p>Built on a control thread (immutable afterwards, shared by any number of {@link UnitMatcher}s).
 */
public final class UnitIndex {
    public static final int LEAF = 32;
    public static final int DEFAULT_TREES = 8;

    final int dims;
    final int count;
    final float[] points;   // count x dims, normalised
    final float[] mean, scale;
    final int trees;
    // Per tree, nodes in arrays: a leaf has left = -1 and holds order[from..to).
    final float[][] normal; // tree -> node*dims
    final float[][] split;
    final int[][] left, right, from, to;
    final int[][] order;
    int maxDepth;

    /** Indexes {@code count} descriptors of {@code dims} floats (row-major); the seed picks the projections. */
    public UnitIndex(float[] descriptors, int count, int dims, int trees, long seed) {
        this.dims = dims;
        this.count = count;
        this.trees = trees;
        this.mean = new float[dims];
        this.scale = new float[dims];
        double[] m = new double[dims], v = new double[dims];
        for (int i = 0; i < count; i++) for (int d = 0; d < dims; d++) m[d] += descriptors[i * dims + d];
        for (int d = 0; d < dims; d++) m[d] /= Math.max(1, count);
        for (int i = 0; i < count; i++) for (int d = 0; d < dims; d++) {
            double e = descriptors[i * dims + d] - m[d];
            v[d] += e * e;
        }
        for (int d = 0; d < dims; d++) {
            mean[d] = (float) m[d];
            double sd = Math.sqrt(v[d] / Math.max(1, count));
            scale[d] = (float) (sd > 1e-6 ? 1 / sd : 1);
        }
        points = new float[count * dims];
        for (int i = 0; i < count; i++) normalise(descriptors, i * dims, points, i * dims);
        normal = new float[trees][];
        split = new float[trees][];
        left = new int[trees][];
        right = new int[trees][];
        from = new int[trees][];
        to = new int[trees][];
        order = new int[trees][];
        SplittableRandom random = new SplittableRandom(seed);
        for (int t = 0; t < trees; t++) build(t, random.split());
    }

    /** {@code in[at..at+dims)} z-scored into {@code out[o..o+dims)}; non-finite values become the mean. Allocates nothing. */
    public void normalise(float[] in, int at, float[] out, int o) {
        for (int d = 0; d < dims; d++) {
            float x = in[at + d];
            out[o + d] = Math.abs(x) <= Float.MAX_VALUE ? (x - mean[d]) * scale[d] : 0f;
        }
    }

    public int count() { return count; }

    public int depth() { return maxDepth; }

    private void build(int t, SplittableRandom random) {
        int maxNodes = 2 * (count / (LEAF / 2) + 1) + 1;
        float[] nrm = new float[Math.min(maxNodes, 2 * count + 1) * dims];
        float[] spl = new float[nrm.length / dims];
        int[] l = new int[spl.length], r = new int[spl.length], f = new int[spl.length], z = new int[spl.length];
        int[] ord = new int[count];
        for (int i = 0; i < count; i++) ord[i] = i;
        float[] proj = new float[count];
        int nodes = 1;
        // Explicit stack of (node, from, to, depth): a million units must not recurse.
        int[] stack = new int[4 * 128];
        int sp = 0;
        stack[sp++] = 0; stack[sp++] = 0; stack[sp++] = count; stack[sp++] = 0;
        while (sp > 0) {
            int depth = stack[--sp], hi = stack[--sp], lo = stack[--sp], node = stack[--sp];
            maxDepth = Math.max(maxDepth, depth);
            f[node] = lo;
            z[node] = hi;
            l[node] = -1;
            if (hi - lo <= LEAF || depth >= 60 || nodes + 2 > spl.length) continue;
            int o = node * dims;
            double len = 0;
            for (int d = 0; d < dims; d++) {
                double g = gaussian(random);
                nrm[o + d] = (float) g;
                len += g * g;
            }
            float inv = (float) (1 / Math.sqrt(len));
            for (int d = 0; d < dims; d++) nrm[o + d] *= inv;
            for (int i = lo; i < hi; i++) proj[i] = dot(nrm, o, points, ord[i] * dims);
            int mid = (lo + hi) >>> 1;
            select(proj, ord, lo, hi - 1, mid);
            spl[node] = proj[mid];
            if (proj[mid] == proj[lo] && proj[mid] == proj[hi - 1]) continue; // all equal along it: stays a leaf
            int a = nodes++, b = nodes++;
            l[node] = a;
            r[node] = b;
            if (sp + 8 > stack.length) stack = java.util.Arrays.copyOf(stack, stack.length * 2);
            stack[sp++] = a; stack[sp++] = lo; stack[sp++] = mid; stack[sp++] = depth + 1;
            stack[sp++] = b; stack[sp++] = mid; stack[sp++] = hi; stack[sp++] = depth + 1;
        }
        normal[t] = nrm;
        split[t] = spl;
        left[t] = l;
        right[t] = r;
        from[t] = f;
        to[t] = z;
        order[t] = ord;
    }

    /** Quickselect on {@code proj[lo..hi]} carrying {@code ord} along: afterwards proj[k] is the k-th smallest, smaller ones before it. */
    private static void select(float[] proj, int[] ord, int lo, int hi, int k) {
        while (hi > lo) {
            float pivot = proj[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (proj[i] < pivot) i++;
                while (proj[j] > pivot) j--;
                if (i <= j) {
                    float tp = proj[i]; proj[i] = proj[j]; proj[j] = tp;
                    int to = ord[i]; ord[i] = ord[j]; ord[j] = to;
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }

    private float dot(float[] a, int ao, float[] b, int bo) {
        float s = 0;
        for (int d = 0; d < dims; d++) s += a[ao + d] * b[bo + d];
        return s;
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** The leaf of tree {@code t} the normalised query {@code q[0..dims)} falls into; its units are order[t][from..to). Allocates nothing. */
    int leaf(int t, float[] q) {
        float[] nrm = normal[t];
        int[] l = left[t], r = right[t];
        float[] spl = split[t];
        int node = 0;
        while (l[node] >= 0) {
            float s = 0;
            int o = node * dims;
            for (int d = 0; d < dims; d++) s += nrm[o + d] * q[d];
            node = s < spl[node] ? l[node] : r[node];
        }
        return node;
    }
}
