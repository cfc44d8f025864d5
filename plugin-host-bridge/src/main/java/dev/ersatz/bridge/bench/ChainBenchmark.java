package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.Args;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.engine.chain.ChainGraphs;
import dev.ersatz.engine.chain.ChainOrder;
import dev.ersatz.engine.chain.NeighbourGraph;
import dev.ersatz.engine.chain.VectorSimilarity;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Random;

/**
 * `ersatz bench chain`: similarity graph + ordering for synthetic clips (feature vectors drawn
 * around family centres, shuffled), at 10 000 and 100 000 clips by default. Prints wall time per
 * stage, the chain's and the naive order's mean adjacent similarity, and the peak heap.
 */
public final class ChainBenchmark implements Benchmark {

    @Override public String name() { return "chain"; }

    @Override public String summary() { return "similarity graph + chain ordering of 10k and 100k synthetic clips"; }

    @Override
    public String options() {
        return "  chain:\n"
                + "    --clips N,N...    clip counts to run (default 10000,100000)\n"
                + "    --dims D          feature dimensions (default 32)\n";
    }

    @Override
    public void run(Args args, Console io) throws Exception {
        String counts = args.string("--clips", "10000,100000");
        int dims = args.integer("--dims", 32, 1, 4096);
        args.done(1, 1);
        io.out().printf("ersatz bench chain --clips %s --dims %d   (%d cores, max heap %d MiB)%n", counts, dims,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        for (String c : counts.split(",")) {
            int n = Integer.parseInt(c.strip());
            runOne(n, dims, io);
        }
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
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        }
        String how = n <= ChainGraphs.DENSE_LIMIT ? "all pairs" : n <= ChainGraphs.EXACT_LIMIT ? "exact kNN" : "RP-tree ANN";
        io.out().printf("%7d clips: graph (%s, k=%d) %.2f s, ordering %.2f s, total %.2f s wall (%.2f s CPU); mean adjacent %.4f (naive pair-sort %.4f); peak heap %d MiB%n",
                n, how, ChainGraphs.KEEP, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9, (c2 - c0) / 1e9, ours, theirs, peak >> 20);
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
