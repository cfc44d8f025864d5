package dev.ersatz.bridge.osc;

import static org.junit.jupiter.api.Assertions.*;

import dev.ersatz.engine.preset.GeneratorKind;
import dev.ersatz.engine.preset.LoadedPreset;
import dev.ersatz.engine.preset.ParameterCatalog;
import dev.ersatz.engine.preset.ParameterInfo;
import dev.ersatz.engine.preset.Preset;
import dev.ersatz.engine.preset.PresetCodec;
import dev.ersatz.engine.preset.PresetFolder;
import dev.ersatz.engine.session.PresetSession;
import dev.ersatz.engine.testing.Tools;
import dev.ersatz.engine.util.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OscServerTest {
    static final ParameterCatalog CATALOG = ParameterCatalog.of(List.of(
            new ParameterInfo("temperature", 0, 4, 1, "", false),
            new ParameterInfo("gain", -60, 6, -6, "dB", false)));

    /** Records what reaches the engine side, in order. */
    static final class Recorder implements PresetSession.Engine {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        @Override public void setParameter(String id, double value, long atFrame) { calls.add("param " + id + " " + value); }
        @Override public void note(int note, int velocity, long atFrame) { calls.add("note " + note + " " + velocity); }
        @Override public void apply(LoadedPreset p) { calls.add("apply " + p.preset().name()); }
        @Override public void armLearn(String id) { calls.add("learn " + id); }
        @Override public double playing(String id) { return Double.NaN; }
    }

    @TempDir Path tmp;
    Path folder;
    Recorder engine;
    PresetSession session;
    OscControl control;
    OscServer server;

    @BeforeEach
    void start() throws Exception {
        folder = Files.createDirectories(tmp.resolve("presets"));
        engine = new Recorder();
        session = new PresetSession(new PresetCodec(CATALOG), new PresetFolder(folder),
                Preset.defaults("init", GeneratorKind.SAMPLER, CATALOG), null, engine);
        control = new OscControl(session, null);
        server = OscServer.start("127.0.0.1", 0, control);
    }

    @AfterEach
    void stop() { server.close(); }

    static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) fail("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    private String port() { return Integer.toString(server.port()); }

    private void oscsend(String... args) {
        List<String> cmd = new ArrayList<>(List.of("oscsend", "127.0.0.1", port()));
        cmd.addAll(List.of(args));
        Tools.check(10, cmd.toArray(String[]::new));
    }

    @Test
    void boundToLoopbackByDefault() {
        assertTrue(server.address().isLoopbackAddress());
    }

    @Test
    void realOscsendSetsParametersPlaysNotesAndArmsLearn() throws Exception {
        oscsend("/ersatz/param/temperature", "f", "2.5");
        oscsend("/ersatz/param/gain", "i", "-100"); // clamped to the range
        oscsend("/ersatz/note", "ii", "60", "100");
        oscsend("/ersatz/note", "ii", "60", "0");
        oscsend("/ersatz/learn", "s", "gain");
        await(() -> engine.calls.size() == 5, "5 engine calls, got " + engine.calls);
        assertEquals(List.of("param temperature 2.5", "param gain -60.0", "note 60 100", "note 60 0", "learn gain"), engine.calls);
        assertEquals(2.5, session.parameters().get("temperature"));
        assertEquals("gain", session.armed());
        assertEquals(0, server.malformed());
    }

    @Test
    void saveAndLoadStayInsideThePresetFolder() throws Exception {
        oscsend("/ersatz/param/temperature", "f", "3");
        oscsend("/ersatz/preset/save", "s", "hot");
        await(() -> Files.exists(folder.resolve("hot.json")), "hot.json");
        for (String evil : List.of("../evil", "../../tmp/evil", "/tmp/evil", "sub/evil", "..", ".hidden", "evil\\..\\x")) {
            oscsend("/ersatz/preset/save", "s", evil);
            oscsend("/ersatz/preset/load", "s", evil);
        }
        oscsend("/ersatz/preset/load", "s", "hot");
        await(() -> engine.calls.contains("apply hot"), "load of hot");
        assertEquals(14, control.errors());
        try (var s = Files.walk(tmp)) {
            assertEquals(List.of(folder.resolve("hot.json")), s.filter(Files::isRegularFile).toList());
        }
        assertEquals(3.0, new PresetCodec(CATALOG).load(folder.resolve("hot.json")).preset().parameters().get("temperature"));
    }

    @Test
    void queryRepliesToTheSenderWithTheState() throws Exception {
        session.set("temperature", 0.5);
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(5000);
            byte[] q = OscCodec.encode(new OscPacket.Message("/ersatz/query"));
            client.send(new DatagramPacket(q, q.length, new InetSocketAddress("127.0.0.1", server.port())));
            byte[] buf = new byte[65536];
            DatagramPacket r = new DatagramPacket(buf, buf.length);
            client.receive(r);
            OscPacket.Message m = (OscPacket.Message) OscCodec.decode(buf, r.getLength());
            assertEquals("/ersatz/state", m.address());
            Map<?, ?> state = (Map<?, ?>) Json.parse((String) m.args().get(0));
            Map<?, ?> preset = (Map<?, ?>) state.get("preset");
            assertEquals(0.5, ((Number) ((Map<?, ?>) preset.get("parameters")).get("temperature")).doubleValue());
            assertEquals("sampler", preset.get("kind"));

            byte[] bad = OscCodec.encode(new OscPacket.Message("/ersatz/param/nope", 1f));
            client.send(new DatagramPacket(bad, bad.length, new InetSocketAddress("127.0.0.1", server.port())));
            client.receive(r);
            OscPacket.Message err = (OscPacket.Message) OscCodec.decode(buf, r.getLength());
            assertEquals(new OscPacket.Message("/ersatz/error", "/ersatz/param/nope: unknown parameter 'nope'"), err);
        }
    }

    @Test
    void repliesAreReadableByTheRealOscdump() throws Exception {
        int dumpPort;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) { dumpPort = s.getLocalPort(); }
        Process dump = new ProcessBuilder("oscdump", "-L", Integer.toString(dumpPort)).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(dump.getInputStream(), StandardCharsets.UTF_8));
            // oscdump needs a moment to bind; resend until a line arrives.
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", dumpPort);
            OscPacket.Message m = new OscPacket.Message("/ersatz/state", "{\"a\":1}", 7, 0.25f, "second");
            String line = null;
            for (int i = 0; i < 100 && line == null; i++) {
                server.send(to, m);
                Thread.sleep(50);
                if (out.ready()) line = out.readLine();
            }
            assertNotNull(line, "oscdump printed nothing");
            assertTrue(line.endsWith("/ersatz/state sifs \"{\"a\":1}\" 7 0.250000 \"second\""), line);
        } finally {
            dump.destroy();
            dump.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void bundlesAreDeliveredInOrderAndAtTheirTime() throws Exception {
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port());
            OscPacket now = new OscPacket.Bundle(OscPacket.TimeTag.IMMEDIATELY, List.of(
                    new OscPacket.Message("/ersatz/note", 60, 90),
                    new OscPacket.Bundle(OscPacket.TimeTag.IMMEDIATELY, List.of(new OscPacket.Message("/ersatz/param/gain", -3f))),
                    new OscPacket.Message("/ersatz/note", 60, 0)));
            byte[] b = OscCodec.encode(now);
            client.send(new DatagramPacket(b, b.length, to));
            await(() -> engine.calls.size() == 3, "immediate bundle");
            assertEquals(List.of("note 60 90", "param gain -3.0", "note 60 0"), engine.calls);

            long due = System.currentTimeMillis() + 400;
            byte[] later = OscCodec.encode(new OscPacket.Bundle(OscPacket.TimeTag.ofEpochMillis(due),
                    List.of(new OscPacket.Message("/ersatz/note", 72, 100))));
            client.send(new DatagramPacket(later, later.length, to));
            byte[] far = OscCodec.encode(new OscPacket.Bundle(OscPacket.TimeTag.ofEpochMillis(System.currentTimeMillis() + 3_600_000),
                    List.of(new OscPacket.Message("/ersatz/note", 1, 1))));
            client.send(new DatagramPacket(far, far.length, to));
            await(() -> engine.calls.size() == 4, "timed bundle");
            assertTrue(System.currentTimeMillis() >= due, "delivered early");
            assertEquals("note 72 100", engine.calls.get(3));
            await(() -> server.droppedBundles() == 1, "the far-future bundle dropped");
        }
    }

    @Test
    void fuzzedPacketsAreCountedAndDroppedAndTheServerCarriesOn() throws Exception {
        Random rnd = new Random(42);
        List<byte[]> valid = List.of(
                OscCodec.encode(new OscPacket.Message("/ersatz/param/temperature", 1.5f)),
                OscCodec.encode(new OscPacket.Message("/ersatz/preset/save", "../../x")),
                OscCodec.encode(new OscPacket.Message("/ersatz/note", 60, 100, "x", new byte[] {1, 2, 3}, 2.0, 5L, true, null)),
                OscCodec.encode(new OscPacket.Bundle(OscPacket.TimeTag.IMMEDIATELY, List.of(new OscPacket.Message("/ersatz/query")))));
        int expectMalformed = 0;
        int sent = 0;
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port());
            for (int i = 0; i < 3000; i++) {
                byte[] p;
                int kind = i % 3;
                if (kind == 0) { // random bytes
                    p = new byte[1 + rnd.nextInt(200)];
                    rnd.nextBytes(p);
                    if (rnd.nextBoolean()) p[0] = '/';
                    if (rnd.nextInt(4) == 0) { System.arraycopy("#bundle\0".getBytes(), 0, p, 0, Math.min(8, p.length)); }
                } else if (kind == 1) { // truncated valid packets
                    byte[] v = valid.get(rnd.nextInt(valid.size()));
                    p = java.util.Arrays.copyOf(v, 1 + rnd.nextInt(v.length - 1));
                } else { // bit flips in valid packets
                    byte[] v = valid.get(rnd.nextInt(valid.size()));
                    p = v.clone();
                    for (int k = 0; k < 1 + rnd.nextInt(3); k++) p[rnd.nextInt(p.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                boolean bad;
                try {
                    OscCodec.decode(p, p.length);
                    bad = false;
                } catch (OscFormatException e) {
                    bad = true;
                }
                if (bad) expectMalformed++;
                client.send(new DatagramPacket(p, p.length, to));
                sent++;
                if (sent % 100 == 0) { // let the server catch up: UDP may drop what overflows its buffer, and the count must be exact
                    final int n = sent;
                    await(() -> server.packets() == n, n + " packets received, got " + server.packets());
                }
            }
            final int n = sent;
            await(() -> server.packets() == n, "all " + n + " packets received, got " + server.packets());
            assertEquals(expectMalformed, server.malformed());
            assertTrue(expectMalformed > 1000, "the fuzzer made too few malformed packets: " + expectMalformed);
        }
        // Still alive and still serving, and nothing was written anywhere.
        oscsend("/ersatz/param/gain", "f", "-1");
        await(() -> session.parameters().get("gain") == -1.0, "gain set after the fuzz");
        try (var s = Files.walk(tmp)) {
            assertTrue(s.filter(Files::isRegularFile).allMatch(f -> f.startsWith(folder)));
        }
    }

    @Test
    void codecRoundTripsEveryType() throws Exception {
        OscPacket.Message m = new OscPacket.Message("/a/b", 1, 2.5f, "héllo", new byte[] {9, 8, 7, 6, 5}, 1L << 40, 0.125,
                true, false, null, OscPacket.IMPULSE, new OscPacket.TimeTag(12345));
        OscPacket.Bundle b = new OscPacket.Bundle(new OscPacket.TimeTag(99), List.of(m, new OscPacket.Message("/c")));
        byte[] enc = OscCodec.encode(b);
        OscPacket.Bundle back = (OscPacket.Bundle) OscCodec.decode(enc, enc.length);
        OscPacket.Message m2 = (OscPacket.Message) back.packets().get(0);
        assertEquals(m.address(), m2.address());
        assertEquals(m.args().size(), m2.args().size());
        for (int i = 0; i < m.args().size(); i++) {
            if (m.args().get(i) instanceof byte[] x) assertArrayEquals(x, (byte[]) m2.args().get(i));
            else assertEquals(m.args().get(i), m2.args().get(i));
        }
        assertEquals(new OscPacket.Message("/c"), back.packets().get(1));
        assertEquals(99, back.time().bits());
    }

    /** Time tags carry microseconds: what OSC time tags place at frames needs more than milliseconds. */
    @Test
    void timeTagsKeepMicroseconds() {
        long base = 1_795_000_000_000_000L; // 2026, µs since 1970
        for (long us : new long[] {0, 1, 37_500, 999_999, 1_000_000, 123_456_789}) {
            OscPacket.TimeTag t = OscPacket.TimeTag.ofEpochMicros(base + us);
            assertEquals(base + us, t.epochMicros(), "µs " + us);
        }
        // the NTP fraction of 62.5 ms is exact: 2^32 / 16
        long frac = OscPacket.TimeTag.ofEpochMicros(base + 62_500).bits() & 0xFFFF_FFFFL;
        assertEquals(1L << 28, frac);
    }

    /** The answer to {@code m} from {@code port}: its reply or its /ersatz/error, as one line. */
    static String answer(int port, OscPacket.Message m) throws Exception {
        OscPacket.Message r = OscClient.request("127.0.0.1", port, m, x -> true, 60_000);
        assertTrue(r != null, "an answer to " + m.address());
        return r.address() + " " + r.args();
    }

    @Test
    void auditionAndAddingClipsAnswerOrSayWhyNotInOneLine() throws Exception {
        Path beats = dev.ersatz.engine.testing.DebianSamples.lmms("beats");
        List<Path> files = dev.ersatz.engine.testing.DebianSamples.audioFiles(beats);
        Path corpus = Files.createDirectories(tmp.resolve("corpus"));
        Files.copy(files.get(0), corpus.resolve(files.get(0).getFileName()));
        // A control without an instrument session (as the preset tests run it) has no audition.
        assertEquals("/ersatz/error [/ersatz/audition: not available here (no instrument session)]",
                answer(server.port(), new OscPacket.Message("/ersatz/audition", files.get(1).toString())));
        dev.ersatz.engine.session.Description d = dev.ersatz.engine.session.Description.of(new dev.ersatz.engine.session.Sources(List.of(corpus), null));
        try (dev.ersatz.engine.session.InstrumentSession live = dev.ersatz.engine.session.InstrumentSession.open(d, dev.ersatz.engine.session.Reporter.QUIET);
             LiveControl osc = LiveControl.start(live, "127.0.0.1", 0)) {
            int port = osc.osc().port();
            assertEquals("/ersatz/error [/ersatz/audition: " + files.get(1) + ": no audio running yet (sample rate unknown)]",
                    answer(port, new OscPacket.Message("/ersatz/audition", files.get(1).toString())), "before a backend runs");
            assertEquals("/ersatz/error [/ersatz/audition: argument 1 is not a string]", answer(port, new OscPacket.Message("/ersatz/audition", 5)));
            assertEquals("/ersatz/error [/ersatz/audition: wants 1 argument, got 0]", answer(port, new OscPacket.Message("/ersatz/audition")));
            String missing = answer(port, new OscPacket.Message("/ersatz/audition", tmp.resolve("missing.wav").toString()));
            assertTrue(missing.startsWith("/ersatz/error [/ersatz/audition: " + tmp.resolve("missing.wav") + ": "), missing);
            assertEquals("/ersatz/error [/ersatz/corpus/add: wants one or more files or folders]", answer(port, new OscPacket.Message("/ersatz/corpus/add")));
            assertEquals("/ersatz/corpus/added [3]", answer(port, new OscPacket.Message("/ersatz/corpus/add", files.get(1).toString(), files.get(2).toString())));
            // With a running backend the take is made at its rate and answered with its length.
            live.instrument().configure(new dev.ersatz.engine.render.AudioConfig(48000, 256, 2));
            double seconds = dev.ersatz.engine.audio.AudioFiles.read(files.get(1)).seconds();
            assertEquals("/ersatz/auditioning [" + files.get(1) + ", " + (float) seconds + "]", answer(port, new OscPacket.Message("/ersatz/audition", files.get(1).toString())));
        }
    }
}
