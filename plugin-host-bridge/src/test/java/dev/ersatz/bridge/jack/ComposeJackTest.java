package dev.ersatz.bridge.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.compose.LiveComposer;
import dev.ersatz.engine.compose.MidiModel;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.session.ComposerTap;
import dev.ersatz.engine.testing.DebianMidi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackMidi;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackPosition;
import org.jaudiolibs.jnajack.JackPositionBits;
import org.jaudiolibs.jnajack.JackTransportState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live composer on a real jackd: a model learnt from real MIDI compositions (Debian's OpenMSX
 * soundtrack) plays on {@code midi_out}, its phrases starting on the bar lines of Debian's
 * {@code jack_transport} as timebase master, at its tempo and after a tempo change; Debian's
 * {@code jack_midi_dump} records the stream.
 */
class ComposeJackTest {
    static final int PERIOD = 256;
    static final int RATE = 48000;
    static JackServer server;

    @BeforeAll
    static void startServer() {
        server = JackServer.start(PERIOD).useInThisProcess();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.close();
    }

    /** A JACK MIDI recorder: each note-on with where it fell in the master's bar and its tempo. */
    static final class MidiCapture implements AutoCloseable {
        final JackPeer peer;
        final JackPort in;
        final JackPosition position = new JackPosition();
        final List<double[]> notes = java.util.Collections.synchronizedList(new ArrayList<>()); // {barBeat, bpm, pitch, period}
        volatile long periods;

        MidiCapture(String name) throws Exception {
            JackPort[] port = new JackPort[1];
            peer = new JackPeer(name, (c, nframes) -> {
                try {
                    periods++;
                    JackTransportState state = c.transportQuery(position);
                    boolean bbt = state == JackTransportState.JackTransportRolling && position.getValid().contains(JackPositionBits.JackPositionBBT);
                    double barBeat = bbt ? position.getBeat() - 1 + position.getTick() / position.getTicksPerBeat() : Double.NaN;
                    double bpm = bbt ? position.getBeatsPerMinute() : 0;
                    JackMidi.Event e = new JackMidi.Event();
                    int n = JackMidi.getEventCount(port[0]);
                    for (int i = 0; i < n; i++) {
                        JackMidi.eventGet(e, port[0], i);
                        byte[] b = new byte[e.size()];
                        e.read(b);
                        if ((b[0] & 0xF0) == 0x90 && b.length > 2 && b[2] != 0) {
                            notes.add(new double[] {barBeat + e.time() * bpm / (60.0 * RATE), bpm, b[1], periods});
                        }
                    }
                    return true;
                } catch (Exception ex) {
                    return false;
                }
            });
            port[0] = peer.client.registerPort("in", JackPortType.MIDI, JackPortFlags.JackPortIsInput);
            in = port[0];
            peer.client.activate();
        }

        @Override
        public void close() { peer.close(); }
    }

    @Test
    void phrasesStartOnTheMastersBarLinesAndJackMidiDumpRecordsThem() throws Exception {
        MidiModel model = DebianMidi.openMsxModel(8);
        Instrument instrument = new Instrument();
        ComposerTap tap = new ComposerTap(instrument, instrument.transport());
        LiveComposer composer = LiveComposer.following(model, 5, 8, instrument);
        Path dumpLog = Files.createTempFile("jack_midi_dump", ".log");
        Path transportLog = Files.createTempFile("jack_transport", ".log");
        Process dump = null;
        try (JackBackend jack = JackBackend.open("ersatz-compose", tap, null, instrument.transport()::update, null, tap::composed);
             MidiCapture capture = new MidiCapture("compose-capture");
             JackTransportMaster master = new JackTransportMaster(server, transportLog)) {
            master.send("master");
            master.send("tempo 132");
            JackTransport.Snapshot snap = new JackTransport.Snapshot();
            JackBackendTest.waitFor(() -> jack.transport().read(snap).tempoValid && snap.beatsPerMinute == 132, 10_000);
            ProcessBuilder db = new ProcessBuilder("jack_midi_dump", "midi-dump").redirectErrorStream(true).redirectOutput(dumpLog.toFile());
            db.environment().putAll(server.environment());
            dump = db.start();
            JackBackendTest.waitFor(() -> server.tool("jack_lsp").contains("midi-dump:input"), 10_000);
            Jack.getInstance().connect(capture.peer.client, "ersatz-compose:midi_out", capture.in.getName());
            server.tool("jack_connect", "ersatz-compose:midi_out", "midi-dump:input");
            tap.compose(composer, false);
            composer.start();
            master.send("play");
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            threads.setThreadAllocatedMemoryEnabled(true);
            Thread.sleep(2_000);
            long tid = jack.processThreadId();
            long before = threads.getThreadAllocatedBytes(tid);
            Thread.sleep(10_000);
            master.send("tempo 100");
            Thread.sleep(12_000);
            long allocated = threads.getThreadAllocatedBytes(tid) - before;
            tap.compose(null, false);
            Thread.sleep(300);
            dump.destroy();
            dump.waitFor(5, TimeUnit.SECONDS);

            List<double[]> notes = new ArrayList<>(capture.notes);
            assertTrue(composer.failure() == null, "the composer's worker: " + composer.failure());
            assertTrue(notes.size() >= 20, "notes recorded on midi_out: " + notes.size());
            // Every note falls on the model's 12-steps-a-beat grid of the master's bar (phrases start on its
            // bar lines), within a period: a note is written at its frame in the period it falls in.
            long phrases = composer.phrasesStarted();
            int onGrid = 0;
            List<String> off = new ArrayList<>();
            for (double[] n : notes) {
                if (Double.isNaN(n[0])) continue;
                double steps = n[0] * 12;
                double framesOff = Math.abs(steps - Math.rint(steps)) / 12 * 60.0 * RATE / n[1];
                if (framesOff <= PERIOD) onGrid++;
                else off.add(String.format("beat %.4f at %.0f BPM: %.0f frames off", n[0], n[1], framesOff));
            }
            System.out.printf("live composer: %d notes, %d phrases, %d on the master's grid, %d bytes allocated on the JACK thread over 22 s; %s%n",
                    notes.size(), phrases, onGrid, allocated, off);
            // 4-bar phrases: 7.3 s each at 132 BPM, 9.6 s at 100, over 24 s
            assertEquals(0, allocated, "bytes allocated on the JACK thread, phrases, a tempo change and the jump it makes included");
            assertTrue(phrases >= 3, "phrases started: " + phrases);
            assertTrue(off.size() <= notes.size() / 20, off.size() + " of " + notes.size() + " notes off the master's grid: " + off);
            assertTrue(notes.stream().anyMatch(n -> n[1] == 100) && notes.stream().anyMatch(n -> n[1] == 132), "notes at both tempos");
            String dumped = Files.readString(dumpLog);
            long dumpedOns = dumped.lines().filter(l -> l.matches(".*\\b9[0-9a-f] [0-9a-f]{2} [0-9a-f]{2}.*") && !l.matches(".*\\b9[0-9a-f] [0-9a-f]{2} 00.*")).count();
            assertTrue(dumpedOns >= notes.size() * 9 / 10, "jack_midi_dump recorded " + dumpedOns + " note-ons of " + notes.size() + ":\n"
                    + dumped.lines().limit(10).toList());
        } finally {
            composer.close();
            if (dump != null && dump.isAlive()) dump.destroyForcibly();
            Files.deleteIfExists(dumpLog);
            Files.deleteIfExists(transportLog);
        }
    }

    /** The note-ons jack_midi_dump wrote, in order: {status, pitch, velocity}. */
    static List<int[]> dumpedNoteOns(String dumped) {
        List<int[]> l = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(9[0-9a-f]) ([0-9a-f]{2}) ([0-9a-f]{2})\\b").matcher(dumped);
        while (m.find()) {
            int v = Integer.parseInt(m.group(3), 16);
            if (v > 0) l.add(new int[] {Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16), v});
        }
        return l;
    }

    static List<int[]> noteOns(dev.ersatz.engine.compose.Composition c) {
        List<int[]> l = new ArrayList<>();
        List<long[]> events = new ArrayList<>(); // {onset, order, status, pitch, velocity}
        c.tracks().forEach((part, t) -> {
            for (dev.ersatz.engine.compose.Composition.Placed p : t.notes()) {
                events.add(new long[] {p.onset(), events.size(), 0x90 | part.channel, p.note().pitch(), Math.max(1, p.note().velocity())});
            }
        });
        events.sort(java.util.Comparator.comparingLong((long[] e) -> e[0]).thenComparingLong(e -> e[1]));
        for (long[] e : events) l.add(new int[] {(int) e[2], (int) e[3], (int) e[4]});
        return l;
    }

    @Test
    void aNoteSentToMidiInSeedsTheNextPhraseThatJackMidiDumpRecords() throws Exception {
        MidiModel model = DebianMidi.openMsxModel(8);
        Instrument instrument = new Instrument();
        ComposerTap tap = new ComposerTap(instrument, instrument.transport());
        LiveComposer composer = LiveComposer.following(model, 5, 8, instrument);
        Path dumpLog = Files.createTempFile("jack_midi_dump", ".log");
        Process dump = null;
        try (JackBackend jack = JackBackend.open("ersatz-seed", tap, null, instrument.transport()::update, null, tap::composed);
             MidiSender sender = new MidiSender("seed-sender")) {
            ProcessBuilder db = new ProcessBuilder("jack_midi_dump", "seed-dump").redirectErrorStream(true).redirectOutput(dumpLog.toFile());
            db.environment().putAll(server.environment());
            dump = db.start();
            JackBackendTest.waitFor(() -> server.tool("jack_lsp").contains("seed-dump:input"), 10_000);
            server.tool("jack_connect", "ersatz-seed:midi_out", "seed-dump:input");
            sender.connectTo("ersatz-seed:midi_in");
            tap.compose(composer, false);
            composer.start();
            // Phrase 0 plays (on the composer's own grid: no transport rolls); phrase 1 waits, composed.
            JackBackendTest.waitFor(() -> composer.phrasesStarted() >= 1, 10_000);
            Thread.sleep(500);
            sender.send(64, 0x90, 62, 90);
            sender.send(10, 0x80, 62, 0);
            sender.send(100, 0x90, 69, 100);
            JackBackendTest.waitFor(() -> composer.phrasesSeeded() >= 1, 10_000);
            long seededAt = composer.phrasesStarted();
            JackBackendTest.waitFor(() -> composer.phrasesStarted() >= seededAt + 2, 30_000); // the seeded phrase played to its end
            tap.compose(null, false);
            Thread.sleep(300);
            dump.destroy();
            dump.waitFor(5, TimeUnit.SECONDS);
            assertTrue(composer.failure() == null, "the composer's worker: " + composer.failure());
            assertEquals(1, seededAt, "the seed came while phrase 0 played, so phrase 1 is the seeded one");

            List<int[]> dumped = dumpedNoteOns(Files.readString(dumpLog));
            List<int[]> phrase0 = noteOns(dev.ersatz.engine.compose.Composer.compose(model, composer.options(0, 1, 1)));
            List<int[]> phrase1 = noteOns(dev.ersatz.engine.compose.Composer.compose(model, composer.options(1, 1, 1).withLeadIn(62, 69)));
            List<int[]> unseeded = noteOns(dev.ersatz.engine.compose.Composer.compose(model, composer.options(1, 1, 1)));
            System.out.printf("seeded on a real jackd: jack_midi_dump recorded %d note-ons; phrase 0 %d, phrase 1 from 62, 69: %d, first %s (unseeded it starts %s)%n",
                    dumped.size(), phrase0.size(), phrase1.size(),
                    phrase1.stream().limit(4).map(e -> Integer.toHexString(e[0]) + ":" + e[1]).toList(),
                    unseeded.stream().limit(4).map(e -> Integer.toHexString(e[0]) + ":" + e[1]).toList());
            assertTrue(dumped.size() >= phrase0.size() + phrase1.size(), "jack_midi_dump recorded " + dumped.size() + " note-ons");
            // Within an onset the order of parts is the composer's; compare the notes of the seeded phrase as a multiset per onset position.
            List<String> got = new ArrayList<>(), want = new ArrayList<>();
            for (int i = 0; i < phrase1.size(); i++) {
                int[] d = dumped.get(phrase0.size() + i), e = phrase1.get(i);
                got.add(Integer.toHexString(d[0]) + ":" + d[1] + "/" + d[2]);
                want.add(Integer.toHexString(e[0]) + ":" + e[1] + "/" + e[2]);
            }
            java.util.Collections.sort(got);
            java.util.Collections.sort(want);
            assertEquals(want, got, "the phrase after the seed is the one composed from it");
            int[] firstArp = dumped.subList(phrase0.size(), phrase0.size() + phrase1.size()).stream()
                    .filter(e -> e[0] == 0x91).findFirst().orElseThrow();
            assertEquals(69, firstArp[1], "the arp (whose range holds 69) starts the seeded phrase from the note sent to midi_in");
            int[] firstUnseeded = unseeded.stream().filter(e -> e[0] == 0x91).findFirst().orElseThrow();
            assertTrue(firstUnseeded[1] != 69, "unseeded the arp starts elsewhere, so the test can tell");
        } finally {
            composer.close();
            if (dump != null && dump.isAlive()) dump.destroyForcibly();
            Files.deleteIfExists(dumpLog);
        }
    }
}
