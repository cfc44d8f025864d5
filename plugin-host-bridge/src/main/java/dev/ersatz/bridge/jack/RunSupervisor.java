package dev.ersatz.bridge.jack;

import dev.ersatz.bridge.cli.Main;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ersatz run --reconnect}: each JACK server gets a fresh {@code ersatz run} process.
 *
 * <p>Why a process and not a loop: libjack keeps process-wide state (shared memory, semaphores, the
 * client table) for as long as any client of the process is open, and a client whose server died
 * cannot be closed safely from the JVM (libjack cancels its thread). A new client opened next to
 * that dead one sometimes never returned from {@code jack_client_open} (3 of 8 test runs). A new
 * process starts with no libjack state at all.
 *
 * <p>The child is the same command line, told through {@link #STATE_ENV} where to keep its state.
 * When its server goes away it writes what it plays (parameters as the knobs left them, MIDI learn,
 * the preset it came from) there and exits with {@link #AGAIN}; the next child waits for a server,
 * resumes that state and plays on. Any other exit ends the run with the child's status.
 *
 * <p>Main thread; a shutdown hook passes SIGINT/SIGTERM on to the child (SIGTERM) and waits for it to
 * close its client. A child whose supervisor dies (SIGKILL) stops too.
 */
final class RunSupervisor {
    /** Environment variable naming the state file: set, this process is a supervised child. */
    static final String STATE_ENV = "ERSATZ_RECONNECT_STATE";
    /** A child's exit status for "the server went away, state kept: start me again". */
    static final int AGAIN = 75; // EX_TEMPFAIL
    private static final long CHILD_CLOSE_SECONDS = 3;

    private volatile Process child;
    private volatile boolean stopping;

    private RunSupervisor() { }

    /** The state file when this process is a supervised child, else null. */
    static Path stateFile() {
        String s = System.getenv(STATE_ENV);
        return s == null || s.isEmpty() ? null : Path.of(s);
    }

    /** Runs {@code ersatz run ARGS} in child processes until one ends for another reason than a lost server. */
    static int supervise(List<String> runArgs) throws IOException, InterruptedException {
        return new RunSupervisor().loop(runArgs);
    }

    private int loop(List<String> runArgs) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ersatz-run-");
        Path state = dir.resolve("state.json");
        Thread hook = new Thread(() -> stop(dir, state), "ersatz-run-supervisor");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            ProcessBuilder pb = new ProcessBuilder(command(runArgs)).inheritIO();
            pb.environment().put(STATE_ENV, state.toString());
            while (true) {
                Process p;
                synchronized (this) {
                    if (stopping) return 130;
                    p = pb.start();
                    child = p;
                }
                int code = p.waitFor();
                if (code != AGAIN || stopping) {
                    if (!stopping) reportCrash(p.pid(), code);
                    return code;
                }
            }
        } finally {
            if (!stopping) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down: the hook cleans up
                }
                delete(dir, state);
            }
        }
    }

    /**
     * Main thread: a child killed by a signal it did not ask for (SIGABRT is how a JVM ends after a
     * fatal error) says so, with its JVM error log if one is where HotSpot writes it by default: the
     * run's own output may be lost with its terminal, and the log's name alone does not say which run.
     */
    private static void reportCrash(long pid, int code) {
        if (code <= 128 || code == 130 || code == 143) return; // an exit status, SIGINT, SIGTERM
        Path log = Path.of("hs_err_pid" + pid + ".log").toAbsolutePath();
        System.err.println("ersatz: the run process " + pid + " was killed by signal " + (code - 128)
                + (Files.exists(log) ? "; its JVM error log is " + log : ""));
    }

    /** Shutdown hook: the child closes its JACK client on SIGTERM within a second; give it a few. */
    private void stop(Path dir, Path state) {
        Process p;
        synchronized (this) {
            stopping = true;
            p = child;
        }
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(CHILD_CLOSE_SECONDS, TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        delete(dir, state);
    }

    private static void delete(Path dir, Path state) {
        try {
            Files.deleteIfExists(state);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary folder left behind is not worth a message at exit
        }
    }

    /** This JVM again (same options and class path), running {@code ersatz run ARGS}. */
    private static List<String> command(List<String> runArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("run");
        cmd.addAll(runArgs);
        return cmd;
    }

    /**
     * Child side: when the supervisor is gone (killed, so its hook never ran), end this run too and
     * remove the state it would have removed; the child's shutdown hook closes the JACK client.
     */
    static void exitWithSupervisor(Path state) {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            delete(state.getParent(), state);
            System.exit(143);
        }));
    }
}
