package dev.ersatz.bridge.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.bridge.cli.Main;
import dev.ersatz.bridge.nsm.NsmClient;
import dev.ersatz.bridge.nsm.NsmProject;
import dev.ersatz.bridge.osc.OscCodec;
import dev.ersatz.bridge.osc.OscPacket;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.testing.Signals;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ersatz run` under a session manager, against a real jackd: the test is the NSM server, over
 * real UDP, message by message as the API document (NSM API 1.1) has them: announce and its reply,
 * open (the JACK client appears only then, named by the client id), dirty and clean as a knob moves
 * and a save happens, save (atomic, into the project), switch to another project and back (the
 * state comes back), errors (a project path that cannot be written, a damaged project, a save
 * before any open, a refused announce), and SIGTERM.
 */
class NsmJackTest {
    @TempDir
    static Path dir;
    static Path corpus;

    @BeforeAll
    static void corpus() throws Exception {
        corpus = Files.createDirectories(dir.resolve("corpus"));
        WavWriter.write(corpus.resolve("a.wav"), new AudioData(new float[][] {Signals.sine(220, 0.5, 48000, 48000)}, 48000), SampleFormat.PCM_16);
    }

    /** The session manager's side: one UDP socket, messages from the client it launched. */
    static final class FakeServer implements AutoCloseable {
        final DatagramSocket socket;
        SocketAddress client;

        FakeServer() throws Exception {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        }

        String url() { return "osc.udp://127.0.0.1:" + socket.getLocalPort() + "/"; }

        /** The next message from the client (skipping /nsm/client/message chatter), within 30 s. */
        OscPacket.Message next() throws Exception {
            byte[] buf = new byte[65536];
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < end) {
                socket.setSoTimeout(1000);
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                client = p.getSocketAddress();
                OscPacket.Message m = (OscPacket.Message) OscCodec.decode(buf, p.getLength());
                if (!m.address().equals("/nsm/client/message")) return m;
            }
            throw new AssertionError("no message from the client");
        }

        /** The next message, which must be at {@code address}. */
        OscPacket.Message expect(String address) throws Exception {
            OscPacket.Message m = next();
            assertEquals(address, m.address(), "message " + m);
            return m;
        }

        /** The client's /reply or /error to {@code path}. */
        OscPacket.Message answer(String path) throws Exception {
            while (true) {
                OscPacket.Message m = next();
                if ((m.address().equals("/reply") || m.address().equals("/error")) && path.equals(m.args().get(0))) return m;
            }
        }

        void send(String address, Object... args) throws Exception {
            byte[] b = OscCodec.encode(new OscPacket.Message(address, args));
            socket.send(new DatagramPacket(b, b.length, client));
        }

        /** Reads the announce and welcomes the client. */
        OscPacket.Message welcome() throws Exception {
            OscPacket.Message a = expect("/nsm/server/announce");
            send("/reply", "/nsm/server/announce", "welcome", "Ersatz test NSM", ":server_control:");
            return a;
        }

        @Override public void close() { socket.close(); }
    }

    static Process ersatz(JackServer jack, FakeServer nsm, Path err, String... argv) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(argv));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        Map<String, String> env = new HashMap<>(jack == null ? Map.of() : jack.environment());
        env.put("NSM_URL", nsm.url());
        pb.environment().putAll(env);
        return pb.start();
    }

    @Test
    void itOpensOnlyWhenToldSavesReportsDirtinessSwitchesAndQuitsOnSigterm() throws Exception {
        int osc = RunCommandTest.freeUdpPort();
        Path one = dir.resolve("session/Ersatz.nAAAA"), two = dir.resolve("session-2/Ersatz.nBBBB");
        Path err = dir.resolve("managed.err");
        try (JackServer jack = JackServer.start(256); FakeServer nsm = new FakeServer()) {
            Process p = ersatz(jack, nsm, err, "run", "--corpus", corpus.toString(), "--osc-port", Integer.toString(osc));
            try {
                OscPacket.Message a = nsm.welcome();
                assertEquals(List.of("Ersatz", NsmClient.CAPABILITIES, "ersatz", 1, 1, (int) p.pid()), a.args(), "the announce");
                for (String c : List.of(":switch:", ":dirty:", ":message:")) assertTrue(((String) a.args().get(1)).contains(c), c);
                // No JACK client before the open (the API: register only with the id open gives).
                assertFalse(jack.tool("jack_lsp").contains("rsatz"), "a JACK client before open: " + jack.tool("jack_lsp"));

                nsm.send("/nsm/client/open", one.toString(), "Ersatz", "Ersatz.nAAAA");
                OscPacket.Message opened = nsm.answer("/nsm/client/open");
                assertEquals("/reply", opened.address(), "open: " + opened + "\n" + Files.readString(err));
                assertTrue(jack.tool("jack_lsp").contains("Ersatz.nAAAA:out_L"), "the client is named by its id");
                assertTrue(Files.isSymbolicLink(one.resolve("corpus")), "the corpus is linked into the project");
                assertEquals(corpus.toAbsolutePath().normalize(), Files.readSymbolicLink(one.resolve("corpus")));
                assertTrue(Files.isRegularFile(one.resolve(NsmProject.FILE)));
                nsm.expect("/nsm/client/is_clean");

                // A knob moves: dirty. A save: the state is in the project, and clean again.
                RunCommandTest.oscSend(osc, new OscPacket.Message("/ersatz/param/gain", -7f));
                nsm.expect("/nsm/client/is_dirty");
                nsm.send("/nsm/client/save");
                OscPacket.Message saved = nsm.answer("/nsm/client/save");
                assertEquals("/reply", saved.address(), "save: " + saved);
                assertTrue(Files.readString(one.resolve(NsmProject.STATE)).contains("\"gain\": -7"), Files.readString(one.resolve(NsmProject.STATE)));
                nsm.expect("/nsm/client/is_clean");

                // Switch to a new project: the client is closed and comes back under the new id, with the defaults.
                nsm.send("/nsm/client/open", two.toString(), "Ersatz", "Ersatz.nBBBB");
                assertEquals("/reply", nsm.answer("/nsm/client/open").address());
                String ports = jack.tool("jack_lsp");
                assertTrue(ports.contains("Ersatz.nBBBB:out_L") && !ports.contains("Ersatz.nAAAA"), ports);
                assertEquals(0.0, RunCommandTest.playing(osc, "gain"), 1e-6, "a new project starts from the defaults");

                // And back: the saved state comes back with the project.
                nsm.send("/nsm/client/open", one.toString(), "Ersatz", "Ersatz.nAAAA");
                assertEquals("/reply", nsm.answer("/nsm/client/open").address());
                assertEquals(-7.0, RunCommandTest.playing(osc, "gain"), 1e-6, "the saved gain is back");

                long t0 = System.nanoTime();
                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exits on SIGTERM");
                System.out.printf("NSM: SIGTERM to exit: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
                assertEquals(143, p.exitValue());
                assertFalse(Files.readString(err).contains("Exception"), Files.readString(err));
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void requestsItCannotMeetGetTheApisErrorsAndItKeepsServing() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        Path damaged = Files.createDirectories(dir.resolve("damaged/Ersatz.nDDDD"));
        Files.writeString(damaged.resolve(NsmProject.FILE), "{\"ersatz_project\": 1, \"corpus\": [\"corpus\"");
        Path broken = Files.createDirectories(dir.resolve("broken/Ersatz.nEEEE"));
        Files.writeString(broken.resolve(NsmProject.FILE), "{\"ersatz_project\": 1, \"corpus\": [\"corpus\"], \"model\": null}");
        Files.createSymbolicLink(broken.resolve("corpus"), dir.resolve("gone"));
        Path existing = Files.createDirectories(dir.resolve("existing/Ersatz.nFFFF"));
        Files.writeString(existing.resolve(NsmProject.FILE), "{\"ersatz_project\": 1, \"corpus\": [\"corpus\"], \"model\": null}");
        Files.createSymbolicLink(existing.resolve("corpus"), corpus);
        Path err = dir.resolve("errors.err");
        try (JackServer jack = JackServer.start(256); FakeServer nsm = new FakeServer()) {
            // Launched as a session manager launches it: no arguments but the command.
            Process p = ersatz(jack, nsm, err, "run");
            try {
                nsm.welcome();
                nsm.send("/nsm/client/save");
                assertError(nsm.answer("/nsm/client/save"), -8, "no project");

                nsm.send("/nsm/client/open", notAFolder.resolve("Ersatz.nCCCC").toString(), "Ersatz", "Ersatz.nCCCC");
                assertError(nsm.answer("/nsm/client/open"), NsmClient.ERR_CREATE_FAILED, "Ersatz.nCCCC");
                nsm.send("/nsm/client/open", damaged.toString(), "Ersatz", "Ersatz.nDDDD");
                assertError(nsm.answer("/nsm/client/open"), NsmClient.ERR_BAD_PROJECT, NsmProject.FILE);
                nsm.send("/nsm/client/open", broken.toString(), "Ersatz", "Ersatz.nEEEE");
                assertError(nsm.answer("/nsm/client/open"), NsmClient.ERR_BAD_PROJECT, "no such folder");
                nsm.send("/nsm/client/open", dir.resolve("new/Ersatz.nGGGG").toString(), "Ersatz", "Ersatz.nGGGG");
                assertError(nsm.answer("/nsm/client/open"), NsmClient.ERR_CREATE_FAILED, "needs a corpus or a model");
                assertFalse(jack.tool("jack_lsp").contains("rsatz"), "no client after failed opens");

                // Still serving: an existing project opens with no sources on the command line.
                nsm.send("/nsm/client/open", existing.toString(), "Ersatz", "Ersatz.nFFFF");
                OscPacket.Message ok = nsm.answer("/nsm/client/open");
                assertEquals("/reply", ok.address(), ok + "\n" + Files.readString(err));
                assertTrue(jack.tool("jack_lsp").contains("Ersatz.nFFFF:out_L"));
                for (String line : Files.readAllLines(err)) assertFalse(line.contains("Exception") || line.startsWith("\tat "), line);
            } finally {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
    }

    private static void assertError(OscPacket.Message m, int code, String says) {
        assertEquals("/error", m.address(), "an error: " + m);
        assertEquals(code, m.args().get(1), "error code: " + m);
        assertTrue(((String) m.args().get(2)).contains(says), "the reason names " + says + ": " + m);
    }

    @Test
    void aRefusedAnnounceIsAOneLineErrorAndExitOne() throws Exception {
        Path err = dir.resolve("refused.err");
        try (FakeServer nsm = new FakeServer()) {
            Process p = ersatz(null, nsm, err, "run", "--corpus", corpus.toString());
            try {
                nsm.expect("/nsm/server/announce");
                nsm.send("/error", "/nsm/server/announce", -3, "Ersatz is blacklisted here");
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exits");
                assertEquals(1, p.exitValue());
                String e = Files.readString(err);
                assertTrue(e.contains("ersatz: the session manager refused Ersatz: Ersatz is blacklisted here"), e);
                assertNotNull(e);
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
