package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.Args;
import dev.ersatz.bridge.cli.CliError;
import dev.ersatz.bridge.cli.Command;
import dev.ersatz.bridge.cli.Console;
import java.util.ArrayList;
import java.util.List;

/** `ersatz bench NAME [options]`: runs one benchmark and prints its figures. */
public final class BenchCommand implements Command {

    /** Every benchmark, in the order --help lists them. */
    static List<Benchmark> all() {
        List<Benchmark> all = new ArrayList<>();
        all.add(new ModelTrainBenchmark());
        all.add(new ModelBounceBenchmark());
        all.add(new CallbackBenchmark());
        all.add(new DecodeBenchmark());
        all.add(new FingerprintBenchmark());
        all.add(new AnalyzeBenchmark());
        all.add(new ChainBenchmark());
        all.add(new dev.ersatz.bridge.jack.CallbackJackBenchmark());
        all.add(new dev.ersatz.bridge.jack.IdleJackBenchmark());
        all.add(new OscBenchmark());
        return all;
    }

    @Override public String name() { return "bench"; }

    @Override public String summary() { return "measure speed (throughput, callback cost); figures for docs/BENCHMARKS.md"; }

    @Override
    public String usage() {
        StringBuilder sb = new StringBuilder("usage: ersatz bench NAME [OPTIONS]\n\nbenchmarks:\n");
        for (Benchmark b : all()) sb.append(String.format("  %-14s %s%n", b.name(), b.summary()));
        sb.append("\noptions (by benchmark):\n");
        for (Benchmark b : all()) sb.append(b.options());
        return sb.toString();
    }

    @Override
    public int run(Args args, Console io) throws Exception {
        if (args.positionals().isEmpty()) throw CliError.usage("bench: name a benchmark (see ersatz bench --help)");
        String name = args.positionals().get(0);
        Benchmark b = all().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> CliError.usage("bench: unknown benchmark '" + name + "' (see ersatz bench --help)"));
        b.run(args, io);
        return 0;
    }
}
