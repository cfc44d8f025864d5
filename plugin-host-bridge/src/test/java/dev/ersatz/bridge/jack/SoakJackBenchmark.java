package dev.ersatz.bridge.jack;

import dev.ersatz.bridge.bench.Benchmark;
import dev.ersatz.bridge.cli.CliError;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.cli.Main;
import dev.ersatz.bridge.cli.OptionRange;
import dev.ersatz.engine.testing.DebianMidi;
import dev.ersatz.engine.testing.DebianSamples;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * `ersatz bench soak`: a long live run of the composer, beside a C client over the same time. Two
 * jackd of its own (dummy backend, unique names): on one, `ersatz run --compose M --self` over a real
 * corpus (LMMS's instrument samples) with a MIDI model learnt from real MIDI (OpenMSX's first eight
 * pieces, `learn-midi` once, then cached), the JACK transport rolling under Debian's jack_transport as
 * timebase master; on the other, Debian's jack_simple_client. Every S seconds a row: xruns of each
 * client and of each server's driver from the jackd logs ("JackEngine::XRun: client = NAME was not
 * finished": that client was late; "JackTimedDriver::Process XRun": the driver itself woke late, the
 * machine's doing; a cycle where two clients were late names both, so clients are counted apart), the
 * run's own xrun count and generator underruns, phrases composed, heap after GC, RSS, and the bytes
 * allocated on the JACK thread, from the run's `--status-every` line and /proc. Then the start and
 * end rows and a verdict. Control thread; Linux only.
 */
@CommandLine.Command(name = "soak", description = "a long live run of the composer on JACK beside a C client (starts its own two jackd)")
public final class SoakJackBenchmark implements Benchmark {
    @CommandLine.Option(names = "--minutes", paramLabel = "M", description = "minutes measured (default 60)") double minutes = 60;

    @CommandLine.Option(names = "--rate", paramLabel = "HZ", description = "both servers' sample rate (default 48000)") int rate = 48000;

    @CommandLine.Option(names = "--period", paramLabel = "FRAMES", description = "both servers' period (default 256)") int period = 256;

    @CommandLine.Option(names = "--every", paramLabel = "S", description = "seconds between rows (default 60)") double every = 60;

    @CommandLine.Option(names = "--corpus", paramLabel = "DIR", description = "the corpus `ersatz run` plays (default LMMS's instrument samples)") Path corpus;

    @CommandLine.Option(names = "--model", paramLabel = "M", description = "the MIDI model it composes from (default OpenMSX's first eight pieces, learnt once)") Path model;

    @CommandLine.Option(names = "--c-client", paramLabel = "CMD", description = "the C client to compare with (default jack_simple_client)") String cClient = "jack_simple_client";

    static final String NAME = "ersatz-soak";
    static final String CLIENT_XRUN = "JackEngine::XRun";
    static final String DRIVER_XRUN = "Driver::Process XRun";

    /** One row's figures; -1 where a figure is not known. */
    record Row(double elapsed, long ersatzXruns, long runServerDriverXruns, long cClientXruns, long cServerDriverXruns, long runXruns, long underruns, long phrases,
               long heapAfterGc, long gcs, long heapUsed, long rssKb, long jackThreadBytes) { }

    @Override
    public void measure(Console io) throws Exception {
        OptionRange.check("bench soak", "--minutes", minutes, 0.05, 24 * 60);
        OptionRange.check("bench soak", "--every", every, 1, 3600);
        OptionRange.check("bench soak", "--rate", rate, 8000, 192000);
        OptionRange.check("bench soak", "--period", period, 16, 8192);
        if (corpus != null && !Files.isDirectory(corpus)) throw new CliError(corpus + ": not a directory");
        if (model != null && !Files.isRegularFile(model)) throw new CliError(model + ": no such file");
        if (!Files.isDirectory(Path.of("/proc/self"))) throw new CliError("bench soak: needs Linux's /proc");
        Path corpus = this.corpus != null ? this.corpus : DebianSamples.lmms("instruments");
        Path model = this.model != null ? this.model : openMsxModel(io);
        Path logs = Files.createTempDirectory("ersatz-soak");
        List<Process> started = new ArrayList<>();
        try (JackServer runServer = JackServer.start(period, rate);
             JackServer cServer = JackServer.start(period, rate);
             JackTransportMaster master = new JackTransportMaster(runServer, logs.resolve("jack_transport.log"))) {
            master.send("master");
            master.send("tempo 120");
            master.send("play");
            Path runErr = logs.resolve("run.err");
            List<String> run = new ArrayList<>(javaCommand());
            run.addAll(List.of("run", "--corpus", corpus.toString(), "--compose", model.toString(), "--self", "--name", NAME,
                    "--connect", "system:playback", "--status-every", Double.toString(every)));
            ProcessBuilder rb = new ProcessBuilder(run).redirectError(runErr.toFile());
            rb.environment().putAll(runServer.environment());
            Process ersatz = rb.start();
            started.add(ersatz);
            StatusReader status = new StatusReader(ersatz);
            ProcessBuilder cb = new ProcessBuilder(List.of(cClient.split(" "))).redirectErrorStream(true).redirectOutput(logs.resolve("c-client.log").toFile());
            cb.environment().putAll(cServer.environment());
            Process c = cb.start();
            started.add(c);

            status.awaitNext(180, ersatz, runErr); // the client is active and playing
            // The start row is the next one: by then the JACK thread has run (its allocation counter exists) and both clients have settled.
            Map<String, String> first = status.awaitNext(every * 2 + 30, ersatz, runErr);
            if (!c.isAlive()) throw new CliError("bench soak: " + cClient + " exited with " + c.exitValue() + ": " + Files.readString(logs.resolve("c-client.log")));
            io.out().printf(Locale.ROOT, "soak: %.2f min, a row every %.0f s; jackd -d dummy -r %d -p %d (%s) twice%n", minutes, every, rate, period,
                    runServer.realtime() ? "realtime" : "not realtime: the machine refused -R");
            io.out().printf(Locale.ROOT, "  server %s: ersatz run --corpus %s --compose %s --self (pid %d), jack_transport rolling at 120 BPM%n",
                    runServer.name(), corpus, model, ersatz.pid());
            io.out().printf(Locale.ROOT, "  server %s: %s (pid %d)%n", cServer.name(), cClient, c.pid());
            io.out().println("elapsed    xruns ersatz/driver  C client/driver  run xruns  underruns  phrases  heap after GC    GCs   heap used         RSS  JACK-thread bytes");
            Xruns run0 = Xruns.of(runServer.log(), NAME), c0 = Xruns.of(cServer.log(), null);
            long runX0 = num(first, "xruns"), jack0 = num(first, "jack_thread_bytes");
            long t0 = System.nanoTime();
            Row start = row(0, runServer, cServer, run0, c0, runX0, jack0, first, ersatz.pid());
            print(io, start);
            Row last = start, half = null;
            long total = (long) (minutes * 60e9);
            while (System.nanoTime() - t0 + (long) (every * 0.5e9) < total) { // the last row within half a row of the end
                Map<String, String> s = status.awaitNext(every * 2 + 30, ersatz, runErr);
                if (!c.isAlive()) throw new CliError("bench soak: " + cClient + " exited with " + c.exitValue());
                last = row((System.nanoTime() - t0) / 1e9, runServer, cServer, run0, c0, runX0, jack0, s, ersatz.pid());
                print(io, last);
                if (half == null && last.elapsed() * 2e9 >= total) half = last;
            }
            io.out().println("start and end:");
            print(io, start);
            print(io, last);
            verdict(io, start, half == null ? start : half, last, cClient);
            afterFullGc(io, ersatz, status, runErr, last.gcs());
        } finally {
            for (Process p : started) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            try (var files = Files.list(logs)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(logs);
        }
    }

    private static Row row(double elapsed, JackServer runServer, JackServer cServer, Xruns run0, Xruns c0, long runX0, long jack0,
                           Map<String, String> s, long pid) throws IOException {
        long jack = num(s, "jack_thread_bytes");
        Xruns run = Xruns.of(runServer.log(), NAME), c = Xruns.of(cServer.log(), null);
        return new Row(elapsed, run.client() - run0.client(), run.driver() - run0.driver(), c.client() - c0.client(), c.driver() - c0.driver(),
                num(s, "xruns") - runX0,
                num(s, "underruns"), num(s, "phrases"), num(s, "heap_after_gc"), num(s, "gcs"), num(s, "heap_used"), rssKb(pid),
                jack < 0 || jack0 < 0 ? -1 : jack - jack0);
    }

    static void print(Console io, Row r) {
        io.out().printf(Locale.ROOT, "%7.1f s  %19s  %15s  %9d  %9d  %7d  %13s  %5d  %10s  %10s  %17d%n", r.elapsed(),
                r.ersatzXruns() + "/" + r.runServerDriverXruns(), r.cClientXruns() + "/" + r.cServerDriverXruns(),
                r.runXruns(), r.underruns(), r.phrases(), r.heapAfterGc() < 0 ? "no GC yet" : mib(r.heapAfterGc()), r.gcs(), mib(r.heapUsed()),
                mib(r.rssKb() * 1024), r.jackThreadBytes());
        io.out().flush();
    }

    /**
     * Good when the generator never ran dry, the composer kept composing, the JACK thread allocated
     * nothing in the second half (the first may hold code that reaches C2 late), and ersatz was
     * late in no more periods than the C client.
     */
    static void verdict(Console io, Row start, Row half, Row end, String cClient) {
        List<String> bad = new ArrayList<>();
        long steady = end.jackThreadBytes() - half.jackThreadBytes();
        if (end.underruns() != 0) bad.add(end.underruns() + " generator underruns");
        if (end.phrases() <= start.phrases()) bad.add("no phrase composed after the start");
        if (steady != 0) bad.add(steady + " bytes allocated on the JACK thread in the second half");
        if (end.ersatzXruns() > end.cClientXruns()) bad.add("late in more periods than " + cClient);
        io.out().printf(Locale.ROOT, "verdict: %s: ersatz late in %d periods against %d of %s, driver xruns %d and %d, underruns %d, phrases %d, heap after GC %s -> %s, RSS %s -> %s, JACK-thread bytes %d (%d in the second half)%n",
                bad.isEmpty() ? "good" : "NOT GOOD (" + String.join("; ", bad) + ")", end.ersatzXruns(), end.cClientXruns(), cClient,
                end.runServerDriverXruns(), end.cServerDriverXruns(),
                end.underruns(), end.phrases() - start.phrases(), start.heapAfterGc() < 0 ? "no GC yet" : mib(start.heapAfterGc()),
                end.heapAfterGc() < 0 ? "no GC yet" : mib(end.heapAfterGc()), mib(start.rssKb() * 1024), mib(end.rssKb() * 1024), end.jackThreadBytes(), steady);
    }

    /**
     * After the measurement: a full collection in the run (jcmd PID GC.run, System.gc in it), then
     * what the heap holds: with a young generation that may not fill for an hour, the last figure
     * of heap after GC can be from the start, and heap used counts garbage.
     */
    private static void afterFullGc(Console io, Process ersatz, StatusReader status, Path runErr, long gcsBefore) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            io.out().println("after the soak: no jcmd in " + jcmd.getParent() + " to ask for a full GC");
            return;
        }
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(ersatz.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            io.out().println("after the soak: jcmd " + ersatz.pid() + " GC.run failed");
            return;
        }
        Map<String, String> s = status.awaitNext(180, ersatz, runErr);
        for (int i = 0; i < 3 && num(s, "gcs") <= gcsBefore; i++) s = status.awaitNext(180, ersatz, runErr); // a line written before the GC
        io.out().printf(Locale.ROOT, "after the soak, a full GC (jcmd %d GC.run): heap after GC %s (%d collections), RSS %s%n", ersatz.pid(),
                mib(num(s, "heap_after_gc")), num(s, "gcs"), mib(rssKb(ersatz.pid()) * 1024));
    }

    private static String mib(long bytes) { return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0); }

    /** The xrun lines in a jackd log: client {@code name} (null: any) late ({@link #CLIENT_XRUN}), the driver late ({@link #DRIVER_XRUN}). */
    record Xruns(long client, long driver) {
        static Xruns of(String log, String name) {
            String who = name == null ? CLIENT_XRUN : CLIENT_XRUN + ": client = " + name + " was not finished";
            return new Xruns(log.lines().filter(l -> l.contains(who)).count(), log.lines().filter(l -> l.contains(DRIVER_XRUN)).count());
        }
    }

    private static long num(Map<String, String> s, String key) {
        try {
            return Long.parseLong(s.getOrDefault(key, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** VmRSS of {@code pid} in kB (/proc/PID/status), -1 when gone. */
    static long rssKb(long pid) throws IOException {
        Path p = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(p)) return -1;
        for (String l : Files.readAllLines(p)) {
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
        return -1;
    }

    /** The `status ...` lines of `ersatz run --status-every`, parsed, in order. Control thread. */
    static final class StatusReader {
        private final java.util.concurrent.BlockingQueue<Map<String, String>> lines = new java.util.concurrent.LinkedBlockingQueue<>();

        StatusReader(Process p) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        Map<String, String> parsed = parse(l);
                        if (parsed != null) lines.add(parsed);
                    }
                } catch (IOException ignored) {
                    // the run ended: awaitNext reports it
                }
            }, "soak-status-reader");
            t.setDaemon(true);
            t.start();
        }

        Map<String, String> awaitNext(double seconds, Process owner, Path err) throws Exception {
            Map<String, String> s = lines.poll((long) (seconds * 1000), TimeUnit.MILLISECONDS);
            if (s != null) return s;
            String why = owner.isAlive() ? "no status line within " + (long) seconds + " s" : "ersatz run exited with " + owner.exitValue();
            List<String> tail = Files.readAllLines(err);
            throw new CliError("bench soak: " + why + "; its stderr: " + String.join(" | ", tail.subList(Math.max(0, tail.size() - 8), tail.size())));
        }

        /** {@code status k=v k=v ...} as a map, or null for any other line. */
        static Map<String, String> parse(String line) {
            if (!line.startsWith("status ")) return null;
            Map<String, String> m = new HashMap<>();
            for (String f : line.substring(7).trim().split(" +")) {
                int eq = f.indexOf('=');
                if (eq > 0) m.put(f.substring(0, eq), f.substring(eq + 1));
            }
            return m;
        }
    }

    /** The model of OpenMSX's first eight pieces, learnt once by `ersatz learn-midi` into the cache. */
    private static Path openMsxModel(Console io) throws Exception {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "ersatz", "soak");
        Path m = cache.resolve("openmsx-8.ersatz-midi");
        if (Files.isRegularFile(m)) return m;
        Files.createDirectories(cache);
        List<Path> files = DebianMidi.midiFiles(DebianMidi.openMsx());
        Path tmp = cache.resolve("openmsx-8." + ProcessHandle.current().pid() + ".ersatz-midi");
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.add("learn-midi");
        for (Path f : files.subList(0, Math.min(8, files.size()))) cmd.add(f.toString());
        cmd.addAll(List.of("-o", tmp.toString()));
        io.err().println("ersatz: bench soak: learning " + m + " from OpenMSX (once)");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new CliError("bench soak: learn-midi failed: " + out.strip());
        Files.move(tmp, m, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return m;
    }

    /** This JVM's image (same options and class path) running Main, as the launcher would start it. */
    private static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        return cmd;
    }
}
