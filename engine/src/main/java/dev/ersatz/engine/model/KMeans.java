package dev.ersatz.engine.model;

import dev.ersatz.engine.util.Progress;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * k-means with k-means++ initialisation, seeded, on ND4J: distances for a whole batch of points to
 * all centres are one matrix product (|x|² + |c|² - 2 x·cᵀ), centres are one product of the
 * assignment matrix with the points. Worker/control thread only.
 */
public final class KMeans {
    private static final int BATCH = 16384;
    /** Points the centres are fitted on (a seeded sample beyond that); every point is then assigned. */
    static final int FIT_POINTS = 16384;

    /** The centres (k x d, row-major) and each point's centre. */
    public record Result(float[] centres, int[] assignment, int k, int iterations) { }

    private KMeans() { }

    /**
     * @param points n x d row-major; k is capped at the number of points
     */
    public static Result fit(float[] points, int n, int d, int k, long seed, int maxIterations, Progress progress) {
        if (n == 0) throw new IllegalArgumentException("no points to cluster");
        k = Math.min(k, n);
        Random random = new Random(seed);
        float[] fitPoints = points;
        int fitN = n;
        if (n > FIT_POINTS) {
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) idx[i] = i;
            for (int i = 0; i < FIT_POINTS; i++) {
                int j = i + random.nextInt(n - i);
                int t = idx[i]; idx[i] = idx[j]; idx[j] = t;
            }
            java.util.Arrays.sort(idx, 0, FIT_POINTS);
            fitPoints = new float[FIT_POINTS * d];
            for (int i = 0; i < FIT_POINTS; i++) System.arraycopy(points, idx[i] * d, fitPoints, i * d, d);
            fitN = FIT_POINTS;
        }
        INDArray c;
        int it = 0;
        try (INDArray x = Nd4j.create(fitPoints, new long[] {fitN, d}, DataType.FLOAT)) {
            INDArray xx = x.mul(x).sum(true, 1); // n x 1
            c = initPlusPlus(x, xx, fitN, d, k, random);
            int[] assign = new int[fitN];
            java.util.Arrays.fill(assign, -1);
            float[] nearest = new float[fitN];
            while (it < maxIterations) {
                it++;
                int changed = assignAll(x, xx, c, assign, nearest);
                progress.update(it, maxIterations, "k-means");
                if (changed <= fitN / 1000 && it > 1) break; // converged (fewer than 0.1% of points moved)
                c = update(x, assign, nearest, fitN, d, k, random, c);
            }
        }
        int[] assign = new int[n];
        try (INDArray x = Nd4j.create(points, new long[] {n, d}, DataType.FLOAT)) {
            assignAll(x, x.mul(x).sum(true, 1), c, assign, new float[n]);
        }
        progress.update(maxIterations, maxIterations, "k-means");
        return new Result(c.dup('c').data().asFloat(), assign, k, it);
    }

    /** k-means++: each next centre drawn with probability proportional to its squared distance. */
    private static INDArray initPlusPlus(INDArray x, INDArray xx, int n, int d, int k, Random random) {
        INDArray c = Nd4j.create(DataType.FLOAT, k, d);
        int first = random.nextInt(n);
        c.putRow(0, x.getRow(first));
        float[] dist = sqDistTo(x, xx, x.getRow(first));
        for (int j = 1; j < k; j++) {
            double sum = 0;
            for (float v : dist) sum += Math.max(0, v);
            int pick;
            if (sum <= 0) {
                pick = random.nextInt(n);
            } else {
                double r = random.nextDouble() * sum;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    r -= Math.max(0, dist[i]);
                    if (r < 0) { pick = i; break; }
                }
            }
            c.putRow(j, x.getRow(pick));
            float[] dj = sqDistTo(x, xx, x.getRow(pick));
            for (int i = 0; i < n; i++) dist[i] = Math.min(dist[i], dj[i]);
        }
        return c;
    }

    private static float[] sqDistTo(INDArray x, INDArray xx, INDArray row) {
        INDArray r = row.reshape(1, row.length());
        INDArray dots = x.mmul(r.transpose()); // n x 1
        double rr = r.mul(r).sumNumber().doubleValue();
        return xx.sub(dots.muli(2)).addi(rr).data().asFloat();
    }

    /** Assigns every point to its nearest centre, batch by batch; returns how many changed. */
    private static int assignAll(INDArray x, INDArray xx, INDArray c, int[] assign, float[] nearest) {
        int n = assign.length;
        INDArray cc = c.mul(c).sum(true, 1).transpose(); // 1 x k
        INDArray ct = c.transpose();
        int changed = 0;
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            INDArray xb = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to), org.nd4j.linalg.indexing.NDArrayIndex.all());
            INDArray xxb = xx.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to), org.nd4j.linalg.indexing.NDArrayIndex.all());
            INDArray dist = xb.mmul(ct).muli(-2).addiColumnVector(xxb).addiRowVector(cc); // b x k
            INDArray arg = Nd4j.argMin(dist, 1);
            INDArray mins = dist.min(1);
            long[] a = arg.toLongVector();
            float[] m = mins.castTo(DataType.FLOAT).data().asFloat();
            for (int i = 0; i < a.length; i++) {
                if (assign[from + i] != (int) a[i]) changed++;
                assign[from + i] = (int) a[i];
                nearest[from + i] = m[i];
            }
        }
        return changed;
    }

    /** New centres = mean of their points; an empty centre takes the point farthest from its own. */
    private static INDArray update(INDArray x, int[] assign, float[] nearest, int n, int d, int k, Random random, INDArray old) {
        float[] counts = new float[k];
        for (int a : assign) counts[a]++;
        INDArray sums = Nd4j.create(DataType.FLOAT, k, d);
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            float[] onehot = new float[(to - from) * k];
            for (int i = from; i < to; i++) onehot[(i - from) * k + assign[i]] = 1f;
            INDArray oh = Nd4j.create(onehot, new long[] {to - from, k}, DataType.FLOAT);
            INDArray xb = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to), org.nd4j.linalg.indexing.NDArrayIndex.all());
            sums.addi(oh.transpose().mmul(xb));
        }
        for (int j = 0; j < k; j++) {
            if (counts[j] > 0) {
                sums.getRow(j).divi(counts[j]);
            } else {
                int far = 0;
                for (int i = 1; i < n; i++) if (nearest[i] > nearest[far]) far = i;
                nearest[far] = 0;
                sums.putRow(j, x.getRow(far));
            }
        }
        return sums;
    }
}
