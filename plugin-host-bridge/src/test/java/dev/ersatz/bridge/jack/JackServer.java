package dev.ersatz.bridge.jack;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.ersatz.engine.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real jackd (jackd2, dummy backend, 48 kHz) of the test's own, under a unique server name:
 * {@code jackd -n NAME [-R] -d dummy -r 48000 -p PERIOD}. Realtime scheduling is tried first and
 * dropped when the machine refuses it. Clients in this JVM reach it after {@link #useInThisProcess()}
 * (JNAJack cannot pass a server name, so we set JACK_DEFAULT_SERVER in the C environment, which is
 * where libjack reads it); subprocesses get {@link #environment()}. {@link #close()} stops and reaps it.
 */
public final class JackServer implements AutoCloseable {
    /** Names of SIGKILLed servers no test has started again; reclaimed when the test JVM exits. */
    private static final java.util.Set<String> KILLED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> KILLED.forEach(JackServer::reclaimRegistrySlot), "jack-registry-reclaim"));
    }

    private static final AtomicInteger SERIAL = new AtomicInteger();

    private final String name;
    private final int period;
    private final boolean realtime;
    private final Process process;
    private final Path log;

    private JackServer(String name, int period, boolean realtime, Process process, Path log) {
        this.name = name;
        this.period = period;
        this.realtime = realtime;
        this.process = process;
        this.log = log;
    }

    /** A server at {@code rate} Hz instead of 48,000. */
    public static JackServer start(int period, int rate) {
        String name = "ersatz-test-" + ProcessHandle.current().pid() + "-" + SERIAL.incrementAndGet();
        try {
            return start(name, period, true, rate);
        } catch (AssertionError e) {
            return start(name, period, false, rate);
        }
    }

    public static JackServer start(int period) {
        return start("ersatz-test-" + ProcessHandle.current().pid() + "-" + SERIAL.incrementAndGet(), period);
    }

    /** A server under a name of the test's choosing (e.g. the name of one that died, to come back). */
    public static JackServer start(String name, int period) {
        AssertionError last = null;
        for (boolean rt : new boolean[] {true, false}) {
            try {
                return start(name, period, rt);
            } catch (AssertionError e) {
                last = e;
            }
        }
        throw last;
    }

    private static JackServer start(String name, int period, boolean realtime) { return start(name, period, realtime, 48000); }

    private static JackServer start(String name, int period, boolean realtime, int rate) {
        KILLED.remove(name); // starting the name again frees a killed server's registry slot
        List<String> cmd = new ArrayList<>(List.of("jackd", "-n", name));
        cmd.add(realtime ? "-R" : "-r");
        cmd.addAll(List.of("-d", "dummy", "-r", Integer.toString(rate), "-p", Integer.toString(period)));
        Path log;
        Process p;
        try {
            log = Files.createTempFile("ersatz-jackd", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("JACK_NO_AUDIO_RESERVATION", "1");
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start jackd (scripts/test installs jackd2): " + e.getMessage(), e);
        }
        JackServer server = new JackServer(name, period, realtime, p, log);
        Tools.Result r = Tools.run(15, "jack_wait", "-s", name, "-w", "-t", "10");
        if (r.exitCode() != 0 || !p.isAlive()) {
            String out = server.log();
            server.close();
            throw new AssertionError("jackd " + cmd + " did not come up: " + r.stdout() + r.stderr() + out);
        }
        return server;
    }

    public String name() { return name; }

    public int period() { return period; }

    public boolean realtime() { return realtime; }

    public long pid() { return process.pid(); }

    /** For subprocesses (jack tools, the CLI). */
    public Map<String, String> environment() { return Map.of("JACK_DEFAULT_SERVER", name); }

    /** Makes clients opened by this JVM from now on talk to this server. */
    public JackServer useInThisProcess() {
        useServerName(name);
        return this;
    }

    /** Clients opened by this JVM from now on look for server {@code name}. */
    public static void useServerName(String name) {
        if (LibC.INSTANCE.setenv("JACK_DEFAULT_SERVER", name, 1) != 0) throw new AssertionError("setenv failed");
    }

    /**
     * Runs a JACK tool against this server; fails the test on a non-zero exit or when it has not
     * finished in 15 s (then it is killed). The output goes to a file, read after the wait: reading a
     * pipe first would block for as long as a tool hangs, and a jack_lsp hung on a busy server once
     * held a CI run for ten minutes that way.
     */
    public String tool(String... command) {
        Path out = null;
        try {
            out = Files.createTempFile("jack-tool-", ".out");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().putAll(environment());
            Process p = pb.start();
            boolean done = p.waitFor(15, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            String text = Files.readString(out);
            if (!done) throw new AssertionError(List.of(command) + " did not finish in 15 s: " + text);
            if (p.exitValue() != 0) throw new AssertionError(List.of(command) + " failed: " + text);
            return text;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file left behind
                }
            }
        }
    }

    /** What jackd printed so far (its log). */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no jackd log: " + e.getMessage() + ")";
        }
    }

    /** Kills the server the hard way (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        KILLED.add(name);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public boolean alive() { return process.isAlive(); }

    /** SIGTERM, then SIGKILL if it lingers; reaps it and removes the log. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
        removeLeftovers();
    }

    /**
     * JACK's shared registry holds eight servers, and a SIGKILLed server's entry is freed only when a
     * server of the same name starts again. Unique names would let a few killed-server tests exhaust
     * the registry for every later jackd on the machine ("Too many servers already active"), so
     * start the name once more and stop it cleanly, unless a live server holds it already. Done at
     * exit, not at close: a test may still be waiting for a client to come back under that name.
     */
    private static void reclaimRegistrySlot(String name) {
        if (Tools.run(10, "jack_wait", "-s", name, "-c").stdout().strip().equals("running")) return;
        try {
            Process p = new ProcessBuilder("jackd", "-n", name, "-r", "-d", "dummy", "-r", "48000", "-p", "256")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Tools.run(15, "jack_wait", "-s", name, "-w", "-t", "10");
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // jackd is on the machine (this server ran); nothing more to do than leave the entry
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A killed jackd cannot clean up after itself: its semaphores and sockets stay in /dev/shm under
     * its (unique) name. Remove them once it is gone.
     */
    private void removeLeftovers() {
        if (process.isAlive()) return;
        try (var files = Files.list(Path.of("/dev/shm"))) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith("jack_" + name + "_") || (n.startsWith("jack_sem.") && n.contains("_" + name + "_"))) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException ignored) {
            // not there (another tmpdir): nothing of ours to clean
        }
    }

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int setenv(String name, String value, int overwrite);
    }
}
