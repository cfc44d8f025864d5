package dev.ersatz.bridge.jack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A headless PipeWire of the test's own, as a desktop runs it: a D-Bus session bus, {@code pipewire}
 * (Debian's default configuration, whose Dummy-Driver drives the graph without a sound card) plus a
 * null sink ("Ersatz test null sink", media.class Audio/Sink, so JACK clients see physical playback
 * ports), and {@code wireplumber} (which configures the sink's ports), all in a private
 * XDG_RUNTIME_DIR. JACK programs reach it through {@code pw-jack} with {@link #environment()}:
 * pw-jack puts PipeWire's libjack first on LD_LIBRARY_PATH, and the runtime dir says which PipeWire.
 * Clients inside this JVM would use jackd's libjack (it is loaded already): run them as subprocesses.
 * {@link #close()} stops and reaps every process it started, even after a {@link #kill()}.
 */
public final class PipeWireServer implements AutoCloseable {
    /** The sink's ports as JACK lists them. */
    static final String SINK = "Ersatz test null sink";
    static final String PLAYBACK_1 = SINK + ":playback_FL";
    static final String PLAYBACK_2 = SINK + ":playback_FR";

    /** Whatever is still running when the test JVM exits (a test killed mid-way) is stopped then. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "pipewire-reaper"));
    }

    private final Path dir;
    private final Path runtime;
    private Process dbus;
    private Process pipewire;
    private Process wireplumber;

    private PipeWireServer(Path dir) {
        this.dir = dir;
        this.runtime = dir.resolve("run");
    }

    /**
     * Starts one; skips the test (an assumption, saying why) when PipeWire is not installed, which
     * scripts/test does (packages pipewire, pipewire-jack, wireplumber).
     */
    public static PipeWireServer start() {
        for (String tool : List.of("pipewire", "wireplumber", "pw-jack", "dbus-daemon")) {
            Assumptions.assumeTrue(onPath(tool), tool + " is not installed: the PipeWire tests need Debian's pipewire, "
                    + "pipewire-jack, wireplumber and dbus-daemon (scripts/test installs them)");
        }
        PipeWireServer s;
        try {
            Path dir = Files.createTempDirectory("ersatz-pipewire", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            s = new PipeWireServer(dir);
            Files.createDirectory(s.runtime, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path dropIns = Files.createDirectories(dir.resolve("config/pipewire/pipewire.conf.d"));
            Files.writeString(dropIns.resolve("ersatz-null-sink.conf"), """
                    context.objects = [
                        { factory = adapter
                            args = {
                                factory.name     = support.null-audio-sink
                                node.name        = "ersatz-null-sink"
                                node.description = "%s"
                                media.class      = "Audio/Sink"
                                audio.position   = [ FL FR ]
                            }
                        }
                    ]
                    """.formatted(SINK));
        } catch (IOException e) {
            throw new AssertionError("cannot make PipeWire's runtime dir: " + e.getMessage(), e);
        }
        try {
            Path bus = s.runtime.resolve("bus");
            s.dbus = s.spawn("dbus", List.of("dbus-daemon", "--session", "--nofork", "--nopidfile", "--address=unix:path=" + bus));
            s.await(() -> Files.exists(bus), "the D-Bus session bus (" + bus + ")");
            s.startPipeWire();
            return s;
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
    }

    /** pipewire, then wireplumber; returns once JACK clients see the null sink's ports. */
    private void startPipeWire() {
        pipewire = spawn("pipewire", List.of("pipewire"));
        await(() -> Files.exists(runtime.resolve("pipewire-0")), "pipewire's socket");
        wireplumber = spawn("wireplumber", List.of("wireplumber"));
        await(() -> {
            Tool r = run(5, "jack_lsp");
            return r.code() == 0 && r.out().contains(PLAYBACK_2);
        }, "the null sink's JACK ports");
    }

    /** Starts PipeWire (and WirePlumber) again in the same runtime dir, after {@link #kill()}. */
    public void restart() {
        if (pipewire != null && pipewire.isAlive()) throw new IllegalStateException("pipewire is running");
        stop(wireplumber);
        startPipeWire();
    }

    /** For subprocesses; run JACK programs through {@code pw-jack} (see {@link #command}). */
    public Map<String, String> environment() {
        return Map.of(
                "XDG_RUNTIME_DIR", runtime.toString(),
                "PIPEWIRE_RUNTIME_DIR", runtime.toString(),
                "XDG_CONFIG_HOME", dir.resolve("config").toString(),
                "XDG_STATE_HOME", dir.resolve("state").toString(),
                "XDG_DATA_HOME", dir.resolve("data").toString(),
                "DBUS_SESSION_BUS_ADDRESS", "unix:path=" + runtime.resolve("bus"));
    }

    /** {@code pw-jack COMMAND...}: the command on PipeWire's libjack. */
    static List<String> command(List<String> command) {
        List<String> c = new ArrayList<>(List.of("pw-jack"));
        c.addAll(command);
        return c;
    }

    /** A process builder for {@code pw-jack COMMAND...} against this server (no JACK_DEFAULT_SERVER). */
    public ProcessBuilder builder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command(command));
        pb.environment().remove("JACK_DEFAULT_SERVER");
        pb.environment().remove("PIPEWIRE_REMOTE");
        pb.environment().putAll(environment());
        return pb;
    }

    record Tool(int code, String out) { }

    /** Runs {@code pw-jack COMMAND...}; never fails, gives the exit code and output. */
    public Tool run(long timeoutSeconds, String... command) {
        try {
            Path out = Files.createTempFile(dir, "tool", ".out");
            Process p = builder(List.of(command)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    return new Tool(-1, List.of(command) + " timed out: " + Files.readString(out));
                }
                return new Tool(p.exitValue(), Files.readString(out));
            } finally {
                p.destroyForcibly();
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs a JACK tool on PipeWire; fails the test on a non-zero exit. */
    public String tool(String... command) {
        Tool r = run(15, command);
        if (r.code() != 0) throw new AssertionError(List.of(command) + " failed (" + r.code() + "): " + r.out() + "\n" + logs());
        return r.out();
    }

    /** Kills pipewire the hard way (SIGKILL), as a crash would; wireplumber is left to notice. */
    public void kill() throws InterruptedException {
        pipewire.destroyForcibly();
        pipewire.waitFor(10, TimeUnit.SECONDS);
    }

    public boolean alive() { return pipewire != null && pipewire.isAlive(); }

    /** What pipewire, wireplumber and dbus-daemon printed. */
    public String logs() {
        StringBuilder b = new StringBuilder();
        for (String n : List.of("dbus", "pipewire", "wireplumber")) {
            try {
                b.append("--- ").append(n).append(":\n").append(Files.readString(dir.resolve(n + ".log")));
            } catch (IOException e) {
                b.append("--- ").append(n).append(": no log\n");
            }
        }
        return b.toString();
    }

    private Process spawn(String name, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
        pb.environment().remove("PIPEWIRE_REMOTE");
        pb.environment().putAll(environment());
        try {
            Process p = pb.start();
            RUNNING.add(p);
            return p;
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    private void await(java.util.function.BooleanSupplier ready, String what) {
        long end = System.currentTimeMillis() + 20_000;
        while (!ready.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("PipeWire: no " + what + " within 20 s\n" + logs());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void stop(Process p) {
        if (p == null) return;
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        RUNNING.remove(p);
    }

    /** SIGTERM (then SIGKILL) to wireplumber, pipewire, dbus-daemon; reaps them and removes the dir. */
    @Override
    public void close() {
        stop(wireplumber);
        stop(pipewire);
        stop(dbus);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }
}
