package dev.ersatz.engine.corpus;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Lays clips out on a grid so that similar clips sit side by side: their feature vectors are
 * standardised (each feature to mean 0, deviation 1), placed in a plane (the first two principal
 * components, or DOME's PCA then t-SNE: {@link Method}), and the plane is snapped to a near-square
 * grid by sorting: the clips are cut into rows by their second coordinate, and each row is ordered by
 * its first (every cell taken once, no overlap, O(n log n)). PCA and t-SNE of our own: the libraries
 * on Maven Central that do them (Smile) are GPL in every version a Java 17 build can take.
 * {@link #neighbourhoodKept} measures a layout. Control or worker threads.
 */
public final class ClipMap {
    /** Where each clip went: {@code cell[i] = row * columns + column}. */
    public record Layout(int columns, int rows, int[] cell, double[][] projection) { }

    /** How the plane is made before it is snapped to the grid. */
    public enum Method {
        /** The first two principal components. */
        PCA,
        /** DOME's way: PCA to {@link #TSNE_DIMENSIONS} components, then t-SNE to two ({@link Tsne}). */
        TSNE
    }

    static final int TSNE_DIMENSIONS = 10;
    static final double PERPLEXITY = 30;

    private ClipMap() { }

    /**
     * The studio's layout: PCA. Measured on 123 real LMMS clips (ClipMapOnRealSamplesTest), DOME's
     * t-SNE keeps no more neighbours on the grid (0.254 against 0.252; random 0.125) and costs O(n²)
     * per step, seconds for a thousand clips.
     */
    public static Layout layout(double[][] features) { return layout(features, Method.PCA); }

    /**
     * What the map compares: the chain's timbre vector (MFCC and chroma means and deviations) plus
     * loudness, onset rate and spectral flatness, so a drum loop and a pad land apart even in one key.
     */
    public static double[] features(dev.ersatz.engine.analysis.Analysis a) {
        double[] t = a.timbre();
        double[] f = Arrays.copyOf(t, t.length + 3);
        f[t.length] = Double.isFinite(a.loudnessLufs()) ? a.loudnessLufs() : -70;
        f[t.length + 1] = a.onsetRate();
        f[t.length + 2] = a.flatness().mean();
        return f;
    }

    public static int columnsFor(int n) { return Math.max(1, (int) Math.ceil(Math.sqrt(n))); }

    /** The grid for {@code features[clip][feature]} (every row the same length; NaNs count as the mean). */
    public static Layout layout(double[][] features, Method method) {
        int n = features.length;
        int columns = columnsFor(n), rows = n == 0 ? 0 : (n + columns - 1) / columns;
        double[][] z = standardise(features);
        double[][] p;
        if (method == Method.TSNE && n >= 3) {
            int dims = Math.min(TSNE_DIMENSIONS, z[0].length);
            double[][] reduced = project(z, dims);
            p = Tsne.embed(reduced, reduced, PERPLEXITY);
        } else {
            p = project(z, 2);
        }
        return snap(p, columns, rows);
    }

    /** Snaps plane positions {@code p} to the grid by sorting: rows by y, each row by x. */
    static Layout snap(double[][] p, int columns, int rows) {
        int n = p.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> p[i][1]).thenComparingInt(i -> i));
        int[] cell = new int[n];
        for (int r = 0; r * columns < n; r++) {
            Integer[] row = Arrays.copyOfRange(order, r * columns, Math.min(n, (r + 1) * columns));
            Arrays.sort(row, Comparator.<Integer>comparingDouble(i -> p[i][0]).thenComparingInt(i -> i));
            for (int c = 0; c < row.length; c++) cell[row[c]] = r * columns + c;
        }
        return new Layout(columns, rows, cell, p);
    }

    /**
     * How well a grid keeps neighbours: for each clip, the share of its grid neighbours (the up to 8
     * cells around it) that are among its {@code k} nearest clips in the standardised feature space;
     * averaged over the clips. A random grid scores about k / (n − 1).
     */
    public static double neighbourhoodKept(double[][] features, Layout l, int k) {
        int n = features.length;
        double[][] z = standardise(features);
        int[] at = new int[l.columns() * Math.max(1, l.rows())];
        java.util.Arrays.fill(at, -1);
        for (int i = 0; i < n; i++) at[l.cell()[i]] = i;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] d = new double[n];
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int f = 0; f < z[i].length; f++) s += (z[i][f] - z[j][f]) * (z[i][f] - z[j][f]);
                d[j] = j == i ? Double.POSITIVE_INFINITY : s;
            }
            double[] sorted = d.clone();
            Arrays.sort(sorted);
            double kth = sorted[Math.min(k, n - 1) - 1];
            int r = l.cell()[i] / l.columns(), c = l.cell()[i] % l.columns(), near = 0, count = 0;
            for (int dr = -1; dr <= 1; dr++) {
                for (int dc = -1; dc <= 1; dc++) {
                    int rr = r + dr, cc = c + dc;
                    if ((dr == 0 && dc == 0) || rr < 0 || cc < 0 || cc >= l.columns() || rr * l.columns() + cc >= at.length) continue;
                    int j = at[rr * l.columns() + cc];
                    if (j < 0) continue;
                    count++;
                    if (d[j] <= kth) near++;
                }
            }
            if (count > 0) total += near / (double) count;
        }
        return n == 0 ? 0 : total / n;
    }

    static double[][] standardise(double[][] x) {
        int n = x.length, d = n == 0 ? 0 : x[0].length;
        double[][] z = new double[n][d];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            int count = 0;
            for (double[] r : x) if (Double.isFinite(r[j])) { sum += r[j]; count++; }
            double mean = count == 0 ? 0 : sum / count, var = 0;
            for (double[] r : x) if (Double.isFinite(r[j])) var += (r[j] - mean) * (r[j] - mean);
            double sd = count < 2 ? 0 : Math.sqrt(var / (count - 1));
            for (int i = 0; i < n; i++) z[i][j] = sd < 1e-12 || !Double.isFinite(x[i][j]) ? 0 : (x[i][j] - mean) / sd;
        }
        return z;
    }

    /**
     * The first {@code k} principal-component scores of centred {@code z}: the covariance's leading
     * eigenvectors by power iteration with deflation (d is small: tens of features), signs fixed so the
     * largest loading is positive (the same input always gives the same picture).
     */
    static double[][] project(double[][] z, int k) {
        int n = z.length, d = n == 0 ? 0 : z[0].length;
        double[][] cov = new double[d][d];
        for (double[] r : z) for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) cov[a][b] += r[a] * r[b];
        double[][] scores = new double[n][k];
        for (int c = 0; c < k && d > 0; c++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) v[j] = 1.0 / Math.sqrt(d) + 1e-3 * j;   // not orthogonal to any eigenvector in practice
            double lambda = 0;
            for (int it = 0; it < 500; it++) {
                double[] w = new double[d];
                for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) w[a] += cov[a][b] * v[b];
                double norm = Math.sqrt(dot(w, w));
                if (norm < 1e-15) break;
                for (int a = 0; a < d; a++) w[a] /= norm;
                double change = 1 - Math.abs(dot(w, v));
                v = w;
                lambda = norm;
                if (change < 1e-12) break;
            }
            int big = 0;
            for (int j = 1; j < d; j++) if (Math.abs(v[j]) > Math.abs(v[big])) big = j;
            if (v[big] < 0) for (int j = 0; j < d; j++) v[j] = -v[j];
            for (int i = 0; i < n; i++) scores[i][c] = dot(z[i], v);
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) cov[a][b] -= lambda * v[a] * v[b];
        }
        return scores;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
