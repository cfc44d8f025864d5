package dev.ersatz.engine.corpus;

/**
 * Exact t-SNE (van der Maaten and Hinton 2008) to two dimensions, as DOME used it to lay clips out:
 * Gaussian affinities at a fixed perplexity (σ per point by bisection), symmetrised; Student-t
 * similarities in the plane; gradient descent with momentum, per-coordinate gains and early
 * exaggeration (12× for the first 250 of 750 steps, the learning rate max(n / 48, 50): scikit-learn's
 * "auto"). Started from the first two principal components (scaled small), so it is deterministic.
 * O(n²) memory and time per step: meant for up to a few thousand clips ({@link #MAX_POINTS}).
 * Control or worker threads.
 */
public final class Tsne {
    public static final int MAX_POINTS = 3000;
    static final int STEPS = 750, EXAGGERATED = 250;

    private Tsne() { }

    /** The 2-D embedding of {@code x[point][feature]}, starting from {@code init[point][0..1]}. */
    public static double[][] embed(double[][] x, double[][] init, double perplexity) {
        int n = x.length;
        double[][] y = new double[n][2];
        if (n < 3) {
            for (int i = 0; i < n; i++) y[i] = init[i].clone();
            return y;
        }
        double[] p = affinities(x, Math.min(perplexity, (n - 1) / 3.0));
        // PCA start, scaled to a deviation of 1e-4 as scikit-learn does.
        double sd = 0;
        for (double[] r : init) sd += r[0] * r[0];
        sd = Math.sqrt(sd / n);
        for (int i = 0; i < n; i++) {
            y[i][0] = sd > 0 ? init[i][0] / sd * 1e-4 : 1e-4 * i / n;
            y[i][1] = sd > 0 ? init[i][1] / sd * 1e-4 : 0;
        }
        double rate = Math.max(n / 48.0, 50);
        double[][] update = new double[n][2], gains = new double[n][2], grad = new double[n][2];
        for (double[] g : gains) java.util.Arrays.fill(g, 1);
        double[] num = new double[n * n];
        for (int step = 0; step < STEPS; step++) {
            double exaggeration = step < EXAGGERATED ? 12 : 1, momentum = step < EXAGGERATED ? 0.5 : 0.8;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double dx = y[i][0] - y[j][0], dy = y[i][1] - y[j][1];
                    double q = 1 / (1 + dx * dx + dy * dy);
                    num[i * n + j] = q;
                    num[j * n + i] = q;
                    sum += 2 * q;
                }
            }
            for (int i = 0; i < n; i++) {
                double gx = 0, gy = 0;
                for (int j = 0; j < n; j++) {
                    if (j == i) continue;
                    double q = num[i * n + j];
                    double f = (exaggeration * p[i * n + j] - q / sum) * q;
                    gx += f * (y[i][0] - y[j][0]);
                    gy += f * (y[i][1] - y[j][1]);
                }
                grad[i][0] = 4 * gx;
                grad[i][1] = 4 * gy;
            }
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < 2; d++) {
                    boolean same = (grad[i][d] > 0) == (update[i][d] > 0);
                    gains[i][d] = Math.max(0.01, same ? gains[i][d] * 0.8 : gains[i][d] + 0.2);
                    update[i][d] = momentum * update[i][d] - rate * gains[i][d] * grad[i][d];
                    y[i][d] += update[i][d];
                }
            }
        }
        return y;
    }

    /** Symmetric joint probabilities p_ij (row-major n×n), each row's σ found for the perplexity. */
    static double[] affinities(double[][] x, double perplexity) {
        int n = x.length;
        double[] d2 = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int k = 0; k < x[i].length; k++) s += (x[i][k] - x[j][k]) * (x[i][k] - x[j][k]);
                d2[i * n + j] = s;
                d2[j * n + i] = s;
            }
        }
        double[] cond = new double[n * n];
        double target = Math.log(perplexity);
        for (int i = 0; i < n; i++) {
            double lo = 0, hi = Double.POSITIVE_INFINITY, beta = 1;   // beta = 1 / (2σ²)
            for (int it = 0; it < 100; it++) {
                double sum = 0, weighted = 0;
                for (int j = 0; j < n; j++) {
                    if (j == i) continue;
                    double e = Math.exp(-beta * d2[i * n + j]);
                    cond[i * n + j] = e;
                    sum += e;
                    weighted += e * d2[i * n + j];
                }
                if (sum <= 0) { // every point far: widen
                    hi = beta;
                    beta = (lo + hi) / 2;
                    continue;
                }
                double entropy = Math.log(sum) + beta * weighted / sum;
                for (int j = 0; j < n; j++) if (j != i) cond[i * n + j] /= sum;
                if (Math.abs(entropy - target) < 1e-5) break;
                if (entropy > target) {
                    lo = beta;
                    beta = Double.isInfinite(hi) ? beta * 2 : (lo + hi) / 2;
                } else {
                    hi = beta;
                    beta = (lo + hi) / 2;
                }
            }
        }
        double[] p = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) p[i * n + j] = Math.max(1e-12, (cond[i * n + j] + cond[j * n + i]) / (2.0 * n));
            p[i * n + i] = 0;
        }
        return p;
    }
}
