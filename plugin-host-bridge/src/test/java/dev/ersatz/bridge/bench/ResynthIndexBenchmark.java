package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.cli.OptionRange;
import dev.ersatz.engine.resynth.CorpusUnits;
import dev.ersatz.engine.resynth.UnitIndex;
import dev.ersatz.engine.resynth.UnitMatcher;
import java.util.Arrays;
import java.util.SplittableRandom;
import picocli.CommandLine;

/**
 * `ersatz bench resynth-index`: the resynthesizer's neighbour index at growing corpus sizes: build
 * time, and the time of one match (as the live path would make it per input unit) at 1k, 10k and 1M
 * units. The descriptors are random (clustered, as real units are), so only the costs are meaningful.
 */
@CommandLine.Command(name = "resynth-index", description = "resynthesis: neighbour-index build and match time at 1k, 10k and 1M units")
public final class ResynthIndexBenchmark implements Benchmark {
    @CommandLine.Option(names = "--queries", paramLabel = "N", description = "matches timed per size (default 20000)") int queries = 20000;

    @Override
    public void measure(Console io) throws Exception {
        OptionRange.check("bench resynth-index", "--queries", queries, 100, 10_000_000);
        int dims = CorpusUnits.DIMS;
        for (int n : new int[] {1_000, 10_000, 1_000_000}) {
            SplittableRandom r = new SplittableRandom(n);
            float[][] centres = centres(r);
            float[] desc = clustered(n, centres, r);
            long t0 = System.nanoTime();
            UnitIndex index = new UnitIndex(desc, n, dims, UnitIndex.DEFAULT_TREES, 1);
            long build = System.nanoTime() - t0;
            UnitMatcher m = new UnitMatcher(index);
            float[] q = clustered(queries, centres, r);
            SplittableRandom pick = new SplittableRandom(2);
            for (int i = 0; i < Math.min(queries, 5000); i++) m.match(q, i * dims, 0.5, 8, -1, 0.3, pick); // warm-up
            long[] each = new long[queries];
            long candidates = 0;
            for (int i = 0; i < queries; i++) {
                long s = System.nanoTime();
                m.match(q, i * dims, 0.5, 8, -1, 0.3, pick);
                each[i] = System.nanoTime() - s;
                candidates += m.candidates;
            }
            Arrays.sort(each);
            io.out().printf(java.util.Locale.ROOT,
                    "%,9d units: index built in %.2f s; one match p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs, max %.1f µs; %.0f candidates a match%n",
                    n, build / 1e9, each[queries / 2] / 1e3, each[(int) (queries * 0.99)] / 1e3, each[(int) (queries * 0.999)] / 1e3,
                    each[queries - 1] / 1e3, candidates / (double) queries);
        }
        io.out().println("command: ./ersatz bench resynth-index --queries " + queries);
    }

    /** 64 cluster centres in descriptor space (real units cluster: hits, pads, noises). */
    static float[][] centres(SplittableRandom r) {
        float[][] centres = new float[64][CorpusUnits.DIMS];
        for (float[] c : centres) for (int d = 0; d < c.length; d++) c[d] = (float) (r.nextGaussian() * 3);
        return centres;
    }

    /** {@code n} descriptors, each near a random one of {@code centres}, row-major. */
    static float[] clustered(int n, float[][] centres, SplittableRandom r) {
        int dims = CorpusUnits.DIMS;
        float[] desc = new float[n * dims];
        for (int i = 0; i < n; i++) {
            float[] c = centres[r.nextInt(centres.length)];
            for (int d = 0; d < dims; d++) desc[i * dims + d] = c[d] + (float) r.nextGaussian();
        }
        return desc;
    }
}
