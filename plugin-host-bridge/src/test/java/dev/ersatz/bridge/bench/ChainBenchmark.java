package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.OptionRange;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.engine.chain.ChainGraphs;
import dev.ersatz.engine.chain.ChainOrder;
import dev.ersatz.engine.analysis.fingerprint.FingerprintCompare;
import dev.ersatz.engine.chain.NeighbourGraph;
import dev.ersatz.engine.chain.Similarity;
import dev.ersatz.engine.chain.VectorSimilarity;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Random;
import picocli.CommandLine;

/**
 * `ersatz bench chain`: similarity graph + ordering for synthetic clips (feature vectors drawn
 * around family centres, shuffled), at 10 000 and 100 000 clips by default. Prints wall time per
 * stage, the chain's and the naive order's mean adjacent similarity, and the peak heap.
 */
@CommandLine.Command(name = "chain", description = "similarity graph + chain ordering of 10k and 100k synthetic clips")
public final class ChainBenchmark implements Benchmark {
    @CommandLine.Option(names = "--clips", paramLabel = "LIST", description = "clip counts to run, comma-separated (default 10000,100000)") String counts = "10000,100000";

    @CommandLine.Option(names = "--dims", paramLabel = "D", description = "feature dimensions (default 32)") int dims = 32;

    @CommandLine.Option(names = "--fingerprints", paramLabel = "N", description = "also chain N synthetic fingerprinted clips by exact fingerprint correlation on a bit-frequency shortlist (default 10000; 0: skip)") int prints = 10_000;





    @Override
    public void measure(Console io) throws Exception {
        OptionRange.check("bench chain", "--dims", dims, 1, 4096);
        OptionRange.check("bench chain", "--fingerprints", prints, 0, 10000000);
        io.out().printf("ersatz bench chain --clips %s --dims %d   (%d cores, max heap %d MiB)%n", counts, dims,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        for (String c : counts.split(",")) {
            int n = Integer.parseInt(c.strip());
            runOne(n, dims, io);
        }
        if (prints > 0) runFingerprints(prints, io);
    }

    /**
     * Fingerprint chaining at scale: clips of 50-80 items (6-10 s), families sharing a base
     * fingerprint at random offsets with 10 % of bits flipped, the rest random. Measures the
     * shortlist (per-bit frequencies, exact kNN), the exact re-scoring at the best offset, and
     * the ordering.
     */
    private static void runFingerprints(int n, Console io) {
        Random r = new Random(n);
        int families = Math.max(2, n / 40);
        int[][] base = new int[families][200];
        for (int[] b : base) for (int i = 0; i < b.length; i++) b[i] = r.nextInt();
        int[][] fp = new int[n][];
        for (int i = 0; i < n; i++) {
            int[] b = base[r.nextInt(families)];
            int len = 50 + r.nextInt(31), off = r.nextInt(b.length - len);
            fp[i] = new int[len];
            for (int k = 0; k < len; k++) {
                int flips = 0;
                for (int bit = 0; bit < 32; bit++) if (r.nextDouble() < 0.1) flips |= 1 << bit;
                fp[i][k] = b[off + k] ^ flips;
            }
        }
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        float[][] bits = new float[n][32];
        for (int i = 0; i < n; i++) {
            for (int x : fp[i]) for (int b = 0; b < 32; b++) bits[i][b] += (x >>> b) & 1;
            for (int b = 0; b < 32; b++) bits[i][b] /= fp[i].length;
        }
        Similarity exact = (a, b) -> FingerprintCompare.best(fp[a], fp[b]).similarity();
        ChainGraphs.Prepared prepared = ChainGraphs.build(n, exact, VectorSimilarity.standardised(bits), 1);
        long t1 = System.nanoTime();
        int[] order = ChainOrder.best(prepared.graph(), prepared.ordering());
        double ourMean = ChainOrder.meanAdjacent(order, prepared.exact()); // judged exactly: part of the cost
        long t2 = System.nanoTime();
        long c2 = cpuNanos();
        int[] naive = ChainOrder.naivePairSort(prepared.graph());
        double ours = ourMean, theirs = ChainOrder.meanAdjacent(naive, prepared.exact());
        io.out().printf("%7d fingerprinted clips: shortlist + exact correlation %.2f s, ordering %.2f s, total %.2f s wall (%.2f s CPU); "
                + "mean adjacent %.4f (naive pair-sort %.4f); peak heap %d MiB%n",
                n, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9, (c2 - c0) / 1e9, ours, theirs, peakHeap() >> 20);
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        }
        return peak;
    }

    private static void runOne(int n, int dims, Console io) {
        float[][] vectors = families(n, Math.max(2, n / 40), dims, 0.35, n);
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        VectorSimilarity s = VectorSimilarity.standardised(vectors);
        NeighbourGraph g = ChainGraphs.build(n, s, s, 1).graph();
        long t1 = System.nanoTime();
        int[] order = ChainOrder.best(g, s);
        long t2 = System.nanoTime();
        long c2 = cpuNanos();
        int[] naive = ChainOrder.naivePairSort(g);
        double ours = ChainOrder.meanAdjacent(order, s), theirs = ChainOrder.meanAdjacent(naive, s);
        long peak = peakHeap();
        String how = n <= ChainGraphs.DENSE_LIMIT ? "all pairs" : n <= ChainGraphs.EXACT_LIMIT ? "exact kNN, k=" + ChainGraphs.KEEP : "RP-tree ANN, k=" + ChainGraphs.KEEP;
        io.out().printf("%7d clips: graph (%s) %.2f s, ordering %.2f s, total %.2f s wall (%.2f s CPU); mean adjacent %.4f (naive pair-sort %.4f); peak heap %d MiB%n",
                n, how, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9, (c2 - c0) / 1e9, ours, theirs, peak >> 20);
    }

    /** CPU time of the whole process (all threads), to tell our cost from a busy machine's. */
    private static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** Vectors scattered around random family centres, in random order. */
    static float[][] families(int n, int families, int dims, double spread, long seed) {
        Random r = new Random(seed);
        float[][] centres = new float[families][dims];
        for (float[] c : centres) for (int j = 0; j < dims; j++) c[j] = (float) r.nextGaussian();
        float[][] v = new float[n][dims];
        for (int i = 0; i < n; i++) {
            float[] c = centres[r.nextInt(families)];
            for (int j = 0; j < dims; j++) v[i][j] = (float) (c[j] + spread * r.nextGaussian());
        }
        return v;
    }
}
