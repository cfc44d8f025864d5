package dev.ersatz.bridge.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.bridge.cli.Main;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.testing.Signals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ersatz run` as a subprocess on PipeWire's libjack (through pw-jack), against a headless PipeWire
 * of its own ({@link PipeWireServer}); the peers (jack_lsp, jack_connect, jack_rec, jack_midiseq)
 * run through pw-jack too. What differs from jackd is in docs/manual/run.md, "PipeWire".
 */
class PipeWireRunTest {
    @TempDir
    static Path dir;
    static Path corpus;

    /** Every process a test started; stopped after it, whatever happened. */
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void corpus() throws Exception {
        corpus = Files.createDirectories(dir.resolve("corpus"));
        WavWriter.write(corpus.resolve("a.wav"), new AudioData(new float[][] {Signals.sine(220, 0.5, 48000, 48000)}, 48000), SampleFormat.PCM_16);
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    record Run(Process process, Path err, Path crashes) {
        String stderr() throws IOException { return Files.readString(err); }

        List<String> crashLogs() throws IOException {
            try (var files = Files.list(crashes)) {
                return files.map(f -> f.getFileName().toString()).sorted().toList();
            }
        }
    }

    /** `pw-jack java ... Main run ARGS` (SIGINT at its default, as from a terminal; see RunCommandTest). */
    private Run ersatz(PipeWireServer server, String... argv) throws IOException {
        return ersatz(server.environment(), argv);
    }

    private Run ersatz(java.util.Map<String, String> env, String... argv) throws IOException {
        Path crashes = Files.createTempDirectory(dir, "crashes");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"", "--",
                java, "-XX:ErrorFile=" + crashes.resolve("hs_err_pid%p.log"), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run"));
        cmd.addAll(List.of(argv));
        ProcessBuilder pb = new ProcessBuilder(PipeWireServer.command(cmd)).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("JACK_DEFAULT_SERVER");
        pb.environment().remove("PIPEWIRE_REMOTE");
        pb.environment().putAll(env);
        pb.environment().put("ERSATZ_DEBUG", "1");
        Path err = Files.createTempFile(dir, "run", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        started.add(p);
        return new Run(p, err, crashes);
    }

    /** A JACK tool on PipeWire that runs until stopped. */
    private Process peer(PipeWireServer server, String... command) throws IOException {
        Path log = Files.createTempFile(dir, "peer", ".log");
        Process p = server.builder(List.of(command)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        return p;
    }

    private static void waitForPorts(PipeWireServer server, Run run, String... ports) throws Exception {
        try {
            JackBackendTest.waitFor(() -> {
                PipeWireServer.Tool r = server.run(5, "jack_lsp");
                if (r.code() != 0) return false;
                for (String port : ports) if (!r.out().contains(port)) return false;
                return true;
            }, 30_000);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; ersatz said: " + run.stderr() + "\n" + server.logs(), e);
        }
    }

    private static void assertNoStackTrace(String err) {
        assertFalse(err.contains("Exception") || err.contains("\tat ") || err.contains("Error:"), "no stack trace: " + err);
    }

    @Test
    void portsAppearConnectedAndANoteOnMidiInIsRecorded() throws Exception {
        try (PipeWireServer server = PipeWireServer.start()) {
            Run run = ersatz(server, "--corpus", corpus.toString(), "--name", "ersatz-pw", "--connect", PipeWireServer.SINK + ":playback_");
            waitForPorts(server, run, "ersatz-pw:out_L", "ersatz-pw:out_R", "ersatz-pw:midi_in");
            String types = server.tool("jack_lsp", "-t", "ersatz-pw:");
            assertTrue(types.contains("ersatz-pw:out_L\n\t32 bit float mono audio"), types);
            assertTrue(types.contains("ersatz-pw:midi_in\n\t8 bit raw midi"), types);
            JackBackendTest.waitFor(() -> server.run(5, "jack_lsp", "-c", "ersatz-pw:out_R").out().contains(PipeWireServer.PLAYBACK_2), 10_000);
            assertTrue(server.tool("jack_lsp", "-c", "ersatz-pw:out_L").contains("   " + PipeWireServer.PLAYBACK_1), "--connect reaches the sink");
            assertTrue(run.stderr().contains("ersatz: playing " + corpus + " as JACK client 'ersatz-pw' (48000 Hz, "), run.stderr());

            // A held C4 (on for 48000 of every 96000 frames) from jack_midiseq, recorded by jack_rec.
            Process seq = peer(server, "jack_midiseq", "ersatz-pw-seq", "96000", "0", "60", "48000");
            JackBackendTest.waitFor(() -> server.run(5, "jack_lsp").out().contains("ersatz-pw-seq:out"), 20_000);
            Path wav = dir.resolve("pipewire-rec.wav");
            Process rec = peer(server, "jack_rec", "-f", wav.toString(), "-d", "6", "ersatz-pw:out_L", "ersatz-pw:out_R");
            long halfSecond = 44 + 24_000L * 2 * 2; // jack_rec writes 16-bit stereo as it records
            JackBackendTest.waitFor(() -> wav.toFile().length() >= halfSecond, 20_000);
            long before = (wav.toFile().length() - 44) / 4; // frames on disk before the note was even connected
            server.tool("jack_connect", "ersatz-pw-seq:out", "ersatz-pw:midi_in");
            assertTrue(rec.waitFor(60, TimeUnit.SECONDS), "jack_rec ends after its 6 s");
            seq.destroy();

            AudioData heard = AudioFiles.read(wav);
            assertEquals(48000, heard.sampleRate());
            assertEquals(2, heard.channelCount());
            assertTrue(heard.frames() > before, "recorded past the note: " + heard.frames() + " frames");
            for (int ch = 0; ch < 2; ch++) {
                float[] x = heard.channels()[ch];
                for (int i = 0; i < before; i++) assertTrue(Math.abs(x[i]) < 1e-4, "silent before the note: channel " + ch + " frame " + i + " is " + x[i]);
                double energy = 0;
                for (int i = (int) before; i < x.length; i++) energy += x[i] * x[i];
                double rms = Math.sqrt(energy / (x.length - before));
                assertTrue(rms > 1e-3, "sound after the note on channel " + ch + ": rms " + rms + "; ersatz said: " + run.stderr());
            }
            assertNoStackTrace(run.stderr());
        }
    }

    @Test
    void sigtermClosesTheClientAndExits143() throws Exception {
        try (PipeWireServer server = PipeWireServer.start()) {
            Run run = ersatz(server, "--corpus", corpus.toString(), "--name", "ersatz-pw-term");
            waitForPorts(server, run, "ersatz-pw-term:out_L");
            server.tool("jack_connect", "ersatz-pw-term:out_L", PipeWireServer.PLAYBACK_1); // connects only an active client
            run.process().destroy(); // SIGTERM
            assertTrue(run.process().waitFor(10, TimeUnit.SECONDS), "exits on SIGTERM");
            assertEquals(143, run.process().exitValue(), "the JVM's exit status for SIGTERM; " + run.stderr());
            assertFalse(server.tool("jack_lsp").contains("ersatz-pw-term"), "the client closed");
            assertTrue(server.alive(), "PipeWire is untouched");
            assertEquals(List.of(), run.crashLogs(), "no JVM crash log");
            assertNoStackTrace(run.stderr());
        }
    }

    @Test
    void killingPipeWireEndsTheRunWithItsOneLineMessage() throws Exception {
        try (PipeWireServer server = PipeWireServer.start()) {
            Run run = ersatz(server, "--corpus", corpus.toString(), "--name", "ersatz-pw-lost");
            waitForPorts(server, run, "ersatz-pw-lost:out_L");
            server.tool("jack_connect", "ersatz-pw-lost:out_L", PipeWireServer.PLAYBACK_1);
            server.kill();
            assertTrue(run.process().waitFor(20, TimeUnit.SECONDS), "run ends when PipeWire dies; " + run.stderr());
            assertEquals(1, run.process().exitValue(), run.stderr());
            assertTrue(run.stderr().endsWith("ersatz: " + LiveRun.SERVER_GONE + "\n"), run.stderr());
            assertEquals(List.of(), run.crashLogs(), "no JVM crash log");
            assertNoStackTrace(run.stderr());
        }
    }

    @Test
    void withReconnectItComesBackWhenPipeWireRestarts() throws Exception {
        try (PipeWireServer server = PipeWireServer.start()) {
            Run run = ersatz(server, "--corpus", corpus.toString(), "--name", "ersatz-pw-back", "--reconnect");
            waitForPorts(server, run, "ersatz-pw-back:midi_in");
            server.tool("jack_connect", "ersatz-pw-back:out_L", PipeWireServer.PLAYBACK_1);
            long first = RunCommandTest.onlyChild(run.process());
            server.kill();
            JackBackendTest.waitFor(() -> {
                try {
                    return run.stderr().contains("ersatz: the JACK server went away; waiting for it to come back (--reconnect)");
                } catch (IOException e) {
                    return false;
                }
            }, 20_000);
            server.restart();
            waitForPorts(server, run, "ersatz-pw-back:out_L", "ersatz-pw-back:midi_in");
            server.tool("jack_connect", "ersatz-pw-back:out_L", PipeWireServer.PLAYBACK_1);
            long second = RunCommandTest.onlyChild(run.process());
            assertTrue(second != first, "a fresh process plays on the new PipeWire");
            assertFalse(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false), "the first one is gone");
            run.process().destroy();
            assertTrue(run.process().waitFor(10, TimeUnit.SECONDS));
            assertEquals(143, run.process().exitValue(), run.stderr());
            assertFalse(ProcessHandle.of(second).map(ProcessHandle::isAlive).orElse(false), "no child left behind");
            assertFalse(server.tool("jack_lsp").contains("ersatz-pw-back"), "the client closed");
            assertEquals(List.of(), run.crashLogs(), "no JVM crash log");
            assertNoStackTrace(run.stderr());
        }
    }

    @Test
    void withoutPipeWireRunningItSaysThereIsNoServer() throws Exception {
        Path empty = Files.createTempDirectory(dir, "no-pipewire");
        Run run = ersatz(java.util.Map.of("XDG_RUNTIME_DIR", empty.toString(), "PIPEWIRE_RUNTIME_DIR", empty.toString()),
                "--corpus", corpus.toString(), "--name", "ersatz-pw-none");
        assertTrue(run.process().waitFor(60, TimeUnit.SECONDS), "gives up at once without --reconnect");
        assertEquals(1, run.process().exitValue(), run.stderr());
        assertTrue(run.stderr().endsWith("ersatz: no JACK server is running (start one, e.g. jackd -d dummy)\n"), run.stderr());
    }
}
