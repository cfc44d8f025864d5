package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.CliError;
import dev.ersatz.bridge.cli.Command;
import dev.ersatz.bridge.cli.Console;
import picocli.CommandLine;

/**
 * `ersatz bench NAME [options]`: runs one benchmark (a subcommand each, with its own --help) and
 * prints its figures.
 */
@CommandLine.Command(name = "bench",
        customSynopsis = "usage: ersatz bench NAME [OPTIONS]   (ersatz bench NAME --help for each)",
        description = "measure speed (throughput, callback cost); figures for docs/BENCHMARKS.md",
        commandListHeading = "%nbenchmarks:%n",
        subcommands = {ModelTrainBenchmark.class, ModelBounceBenchmark.class, CallbackBenchmark.class, DecodeBenchmark.class,
                FingerprintBenchmark.class, AnalyzeBenchmark.class, ChainBenchmark.class,
                dev.ersatz.bridge.jack.CallbackJackBenchmark.class, dev.ersatz.bridge.jack.IdleJackBenchmark.class, dev.ersatz.bridge.jack.SoakJackBenchmark.class, OscBenchmark.class, StudioBenchmark.class, ResynthIndexBenchmark.class, ResynthCallbackBenchmark.class})
public final class BenchCommand implements Command {

    @Override
    public int run(Console io) {
        throw CliError.usage("bench: name a benchmark (see ersatz bench --help)");
    }
}
