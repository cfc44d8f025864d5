package dev.ersatz.bridge.jack;

import dev.ersatz.bridge.bench.Benchmark;
import dev.ersatz.bridge.cli.OptionRange;
import dev.ersatz.bridge.cli.CliError;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.cli.Main;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * `ersatz bench idle-jack`: the CPU an idle `ersatz run` (no notes) uses, beside a C client's, both
 * on the running JACK server at the same time, and the server's own. Each figure is user + system
 * time from /proc/PID/stat over the same wall-clock window, after a settle time (the run's JIT
 * warm-up happens before its ports appear). Control thread; Linux only.
 */
@CommandLine.Command(name = "idle-jack", description = "idle CPU of `ersatz run` beside a C JACK client (needs a running JACK server)")
public final class IdleJackBenchmark implements Benchmark {
    @CommandLine.Option(names = "--corpus", paramLabel = "DIR", description = "the corpus `ersatz run` plays (no notes come)") Path corpus;

    @CommandLine.Option(names = "--seconds", paramLabel = "N", description = "seconds measured (default 60)") int seconds = 60;

    @CommandLine.Option(names = "--settle", paramLabel = "N", description = "seconds both clients run before that (default 10)") int settle = 10;

    @CommandLine.Option(names = "--c-client", paramLabel = "CMD", description = "the C client to compare with (default jack_simple_client)") String cClient = "jack_simple_client";

    private static final String NAME = "ersatz-idle";




    @Override
    public void measure(Console io) throws Exception {
        OptionRange.check("bench idle-jack", "--seconds", seconds, 1, 86400);
        OptionRange.check("bench idle-jack", "--settle", settle, 0, 3600);
        if (corpus == null) throw CliError.usage("bench idle-jack: --corpus DIR is required");
        if (!Files.isDirectory(corpus)) throw new CliError(corpus + ": not a directory");
        if (!Files.isDirectory(Path.of("/proc/self"))) throw new CliError("bench idle-jack: needs Linux's /proc");
        String server = JackNative.defaultServerName();
        long jackd = jackdPid(server);
        long tick = clockTick();
        List<Process> started = new ArrayList<>();
        try {
            Process ersatz = start(started, ersatzRun(corpus));
            waitForPort(NAME + ":out_L", ersatz, 120);
            Process c = start(started, List.of(cClient.split(" ")));
            Thread.sleep(1000);
            if (!c.isAlive()) throw new CliError("bench idle-jack: " + cClient + " exited with " + c.exitValue());
            io.out().printf(Locale.ROOT, "idle-jack: server '%s', %s idle beside %s; %d s settle, %d s measured%n",
                    server, "ersatz run --corpus " + corpus, cClient, settle, seconds);
            Thread.sleep(settle * 1000L);
            long e0 = cpuTicks(ersatz.pid());
            long c0 = cpuTicks(c.pid());
            long j0 = jackd > 0 ? cpuTicks(jackd) : 0;
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long e1 = cpuTicks(ersatz.pid());
            long c1 = cpuTicks(c.pid());
            long j1 = jackd > 0 ? cpuTicks(jackd) : 0;
            double wall = (System.nanoTime() - t0) / 1e9;
            if (!ersatz.isAlive() || !c.isAlive()) throw new CliError("bench idle-jack: a client exited while measured");
            io.out().printf(Locale.ROOT, "%-28s %6.2f%% of a core%n", "ersatz run (idle)", pct(e1 - e0, tick, wall));
            io.out().printf(Locale.ROOT, "%-28s %6.2f%% of a core%n", cClient, pct(c1 - c0, tick, wall));
            if (jackd > 0) io.out().printf(Locale.ROOT, "%-28s %6.2f%% of a core%n", "jackd (pid " + jackd + ")", pct(j1 - j0, tick, wall));
            io.out().printf(Locale.ROOT, "difference ersatz - C client: %+.2f%% of a core%n", pct((e1 - e0) - (c1 - c0), tick, wall));
        } finally {
            for (Process p : started) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
            }
        }
    }

    private static double pct(long ticks, long tick, double wall) { return 100.0 * ticks / tick / wall; }

    private static Process start(List<Process> started, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return p;
    }

    /** `ersatz run` in this JVM's image (same options and class path), as the launcher would start it. */
    private static List<String> ersatzRun(Path corpus) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of("run", "--corpus", corpus.toString(), "--name", NAME));
        return cmd;
    }

    private static void waitForPort(String port, Process owner, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (!owner.isAlive()) throw new CliError("bench idle-jack: ersatz run exited with " + owner.exitValue());
            Process lsp = new ProcessBuilder("jack_lsp").redirectErrorStream(true).start();
            String out = new String(lsp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            lsp.waitFor();
            if (out.lines().anyMatch(port::equals)) return;
            Thread.sleep(200);
        }
        throw new CliError("bench idle-jack: " + port + " did not appear within " + seconds + " s");
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 3.. after the name: 14 and 15 overall
    }

    private static long clockTick() throws Exception {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        try {
            return Long.parseLong(out);
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** The jackd serving {@code server} (its -n NAME, or none for "default"), or -1 if none is found. */
    private static long jackdPid(String server) {
        return ProcessHandle.allProcesses().filter(h -> {
            List<String> a = h.info().arguments().map(List::of).orElse(List.of());
            String cmd = h.info().command().orElse("");
            if (!cmd.endsWith("jackd")) return false;
            int n = a.indexOf("-n");
            if (n < 0) n = a.indexOf("--name");
            String name = n >= 0 && n + 1 < a.size() ? a.get(n + 1) : "default";
            return name.equals(server);
        }).mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }
}
