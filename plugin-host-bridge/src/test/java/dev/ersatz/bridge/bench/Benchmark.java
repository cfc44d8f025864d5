package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.Command;
import dev.ersatz.bridge.cli.Console;

/**
 * One `ersatz bench NAME` measurement, a picocli subcommand of {@link BenchCommand}. Prints figures
 * (throughput as × real time, latency percentiles) and the exact command that reproduces them; never
 * asserts a time. docs/BENCHMARKS.md records them.
 */
public interface Benchmark extends Command {
    void measure(Console io) throws Exception;

    /** A benchmark succeeded when it did not throw. */
    @Override
    default int run(Console io) throws Exception {
        measure(io);
        return 0;
    }
}
