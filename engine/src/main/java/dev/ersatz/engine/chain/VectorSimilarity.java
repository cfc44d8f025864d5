package dev.ersatz.engine.chain;

/**
 * Similarity between feature vectors: each dimension standardised over the set (zero mean, unit
 * variance; constant dimensions dropped to zero), then {@code 1 / (1 + |za - zb|² / dims)}. Two
 * unrelated clips sit near 1/3 (their expected squared distance is 2·dims), the same clip at 1.
 */
public final class VectorSimilarity implements Similarity {
    private final float[][] z;
    private final int dims;

    private VectorSimilarity(float[][] z) {
        this.z = z;
        this.dims = z.length == 0 ? 1 : Math.max(1, z[0].length);
    }

    /** Standardises a copy of {@code vectors} (rows: clips, all the same length). */
    public static VectorSimilarity standardised(float[][] vectors) {
        int n = vectors.length;
        int d = n == 0 ? 0 : vectors[0].length;
        float[][] z = new float[n][d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (float[] v : vectors) mean += v[j];
            mean /= Math.max(1, n);
            double var = 0;
            for (float[] v : vectors) var += (v[j] - mean) * (v[j] - mean);
            double sd = Math.sqrt(var / Math.max(1, n));
            double scale = sd > 1e-12 ? 1 / sd : 0;
            for (int i = 0; i < n; i++) {
                double x = (vectors[i][j] - mean) * scale;
                z[i][j] = Double.isFinite(x) ? (float) x : 0f;
            }
        }
        return new VectorSimilarity(z);
    }

    /** The standardised vectors (shared, not copied): what neighbour search indexes. */
    public float[][] vectors() { return z; }

    @Override
    public double between(int a, int b) {
        return 1.0 / (1.0 + distanceSquared(z[a], z[b]) / dims);
    }

    /** The similarity a squared distance maps to. */
    public double ofDistanceSquared(double d2) { return 1.0 / (1.0 + d2 / dims); }

    static double distanceSquared(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double t = a[i] - b[i];
            s += t * t;
        }
        return s;
    }
}
