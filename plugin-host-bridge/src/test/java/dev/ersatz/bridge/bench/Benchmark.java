package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.Args;
import dev.ersatz.bridge.cli.Console;

/**
 * One `ersatz bench NAME` measurement. Prints figures (throughput as × real time, latency percentiles)
 * and the exact command that reproduces them; never asserts a time. docs/BENCHMARKS.md records them.
 */
public interface Benchmark {
    String name();

    String summary();

    /** Options this benchmark reads, in the usage format of {@link dev.ersatz.bridge.cli.Command#usage()}. */
    default String options() { return ""; }

    void run(Args args, Console io) throws Exception;
}
