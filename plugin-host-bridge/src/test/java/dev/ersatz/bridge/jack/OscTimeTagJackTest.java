package dev.ersatz.bridge.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.bridge.osc.LiveControl;
import dev.ersatz.bridge.osc.OscCodec;
import dev.ersatz.bridge.osc.OscPacket;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.SamplerGenerator;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OSC bundles with time tags, over real UDP, into the instrument on a real jackd, recorded by a
 * JACK capture peer: notes tagged a given time apart start that many frames apart in the recording.
 * 1024-frame periods, so that landing at a period's start (what the wall-clock timer used to do)
 * misses by 72 frames or more: the distances asked for (3000 and 7800 frames) are not multiples of
 * the period.
 */
class OscTimeTagJackTest {
    static final int PERIOD = 1024;
    static final int RATE = 48000;
    /** Tag distances from the first note, µs: 62.5 ms and 162.5 ms, 3000 and 7800 frames at 48 kHz. */
    static final long[] AFTER_MICROS = {0, 62_500, 162_500};
    /**
     * How long each note is held, µs: over a period, and the gap to the next note over a period too,
     * so that even placed at period starts every note sounds and is followed by silence.
     */
    static final long HOLD_MICROS = 30_000;
    /**
     * Frames an onset may be off its tag's distance. Each tag is placed against JACK's DLL-filtered
     * time of a period start and an epoch-to-JACK clock offset read a few µs wide; the dummy backend
     * wakes by sleeping, so the filtered period start wanders by some tens of µs. 16 frames (333 µs)
     * holds that with room, and is under the least error of landing at a period's start (72).
     */
    static final int TOLERANCE = 16;
    static JackServer server;

    @TempDir Path tmp;

    @BeforeAll
    static void startServer() {
        server = JackServer.start(PERIOD).useInThisProcess();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.close();
    }

    @Test
    void timeTaggedNotesStartAsManyFramesApartAsTheirTags() throws Exception {
        long[] onsets = play("ersatz-timetag", true);
        List<String> errors = new ArrayList<>();
        for (int k = 1; k < onsets.length; k++) {
            long want = AFTER_MICROS[k] * RATE / 1_000_000;
            errors.add(Long.toString(onsets[k] - onsets[0] - want));
        }
        System.out.printf("time-tagged onsets (frames) %s: distance errors %s frames%n", java.util.Arrays.toString(onsets), errors);
        for (int k = 1; k < onsets.length; k++) {
            long want = AFTER_MICROS[k] * RATE / 1_000_000;
            long got = onsets[k] - onsets[0];
            assertTrue(Math.abs(got - want) <= TOLERANCE, "note " + k + " starts " + got + " frames after the first, its tag "
                    + want + " (errors " + errors + ", onsets " + java.util.Arrays.toString(onsets) + ")");
        }
    }

    /**
     * The measurement can fail: with no clock published (the backend opened without one), a tagged
     * note applies once its time has come, at the start of a period, and the distances are whole
     * periods, far off the tags'.
     */
    @Test
    void withoutTheClockNotesLandAtPeriodStarts() throws Exception {
        long[] onsets = play("ersatz-timetag-noclock", false);
        System.out.printf("untimed onsets (frames) %s%n", java.util.Arrays.toString(onsets));
        for (long onset : onsets) assertEquals(0, onset % PERIOD, "onset " + onset + " at a period start");
        long want = AFTER_MICROS[1] * RATE / 1_000_000;
        assertTrue(Math.abs(onsets[1] - onsets[0] - want) > TOLERANCE, "a whole number of periods is not " + want + " frames");
    }

    /** Plays the tagged notes (each held {@link #HOLD_MICROS}) into a fresh instrument on client {@code name}; the onsets' JACK frames. */
    private long[] play(String name, boolean clock) throws Exception {
        Instrument instrument = new Instrument();
        instrument.load(InstrumentJackTest.square(4), new SamplerGenerator(), 5);
        try (LiveControl osc = LiveControl.over(instrument, tmp, "127.0.0.1", 0);
             JackBackend jack = JackBackend.open(name, instrument, null, null, clock ? instrument.clock() : null);
             AudioCapture capture = new AudioCapture(name + "-capture", 10);
             DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            osc.session().set("attack", 0.5);
            osc.session().set("release", 1); // silent within 1 ms of a note-off: the next onset stands alone
            capture.connectFrom(name + ":out_L", name + ":out_R");
            capture.start();
            JackBackendTest.waitFor(() -> capture.length() > 8 * PERIOD, 10_000); // the clock runs
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", osc.osc().port());
            Instant now = Instant.now();
            long t0 = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000 + 300_000;
            for (int k = 0; k < AFTER_MICROS.length; k++) {
                send(client, to, t0 + AFTER_MICROS[k], 60 + k, 100);
                send(client, to, t0 + AFTER_MICROS[k] + HOLD_MICROS, 60 + k, 0);
            }
            long end = t0 + AFTER_MICROS[AFTER_MICROS.length - 1] + 100_000;
            JackBackendTest.waitFor(() -> Instant.now().isAfter(Instant.ofEpochSecond(end / 1_000_000, end % 1_000_000 * 1000))
                    && instrument.voicesSounding() == 0, 10_000);
            JackBackendTest.waitFor(() -> capture.length() > 0 && capture.lastFrame() > capture.frame(0) + RATE, 10_000);
            capture.stop();
            assertEquals(0, osc.osc().droppedBundles(), "no bundle dropped");
            assertEquals(0, instrument.lateEvents(), "no timed event arrived after its frame");
            return onsets(capture, AFTER_MICROS.length);
        }
    }

    private static void send(DatagramSocket client, InetSocketAddress to, long epochMicros, int note, int velocity) throws Exception {
        byte[] b = OscCodec.encode(new OscPacket.Bundle(OscPacket.TimeTag.ofEpochMicros(epochMicros),
                List.of(new OscPacket.Message("/ersatz/note", note, velocity))));
        client.send(new DatagramPacket(b, b.length, to));
    }

    /** The JACK frames of the first {@code n} sounds: a non-zero sample after at least 5 ms of exact silence. */
    private static long[] onsets(AudioCapture capture, int n) {
        long[] found = new long[n];
        int k = 0;
        int silent = 0;
        int quiet = RATE / 200;
        for (int i = 0; i < capture.length() && k < n; i++) {
            boolean sound = capture.sample(0, i) != 0f || capture.sample(1, i) != 0f;
            if (sound && silent >= quiet) found[k++] = capture.frame(i);
            silent = sound ? 0 : silent + 1;
        }
        assertEquals(n, k, "sounds found in the recording: " + k);
        return found;
    }
}
