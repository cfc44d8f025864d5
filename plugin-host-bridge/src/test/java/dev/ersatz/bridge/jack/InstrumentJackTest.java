package dev.ersatz.bridge.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.bridge.midi.MidiInbox;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.SamplerGenerator;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The render engine's real instrument under a real jackd (128-frame periods), played by real JACK peers. */
class InstrumentJackTest {
    /**
     * 128, not 64: at 64 frames a test JVM still compiling on a shared 2-core machine xruns in bursts
     * (74 in 4,759 periods seen in CI), and JACK drops MIDI written in a skipped cycle, so a note-off
     * or CC1 could vanish. What these tests assert does not depend on the period; the callback's
     * cost at 64 frames is measured by `ersatz bench callback-jack`.
     */
    static final int PERIOD = 128;
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

    /** A square wave: never exactly zero, so the first non-zero output sample is the onset. */
    static Material square(int seconds) {
        float[] x = new float[RATE * seconds];
        for (int i = 0; i < x.length; i++) x[i] = (i / 50) % 2 == 0 ? 0.5f : -0.5f;
        return Material.of(List.of(new AudioData(new float[][] {x}, RATE)));
    }

    static InstrumentPlayable instrument(long seed) {
        Instrument instrument = new Instrument();
        instrument.load(square(4), new SamplerGenerator(), seed);
        return new InstrumentPlayable(instrument);
    }

    @Test
    void aNoteOnSoundsAtTheFrameItWasSentAt() throws Exception {
        try (InstrumentPlayable playable = instrument(1);
             JackBackend jack = JackBackend.open("ersatz-instrument", playable.processor(), null, playable.transportListener());
             MidiSender sender = new MidiSender("instrument-sender");
             AudioCapture capture = new AudioCapture("instrument-capture", 20)) {
            sender.connectTo("ersatz-instrument:midi_in");
            capture.connectFrom("ersatz-instrument:out_L", "ersatz-instrument:out_R");
            capture.start();
            JackBackendTest.waitFor(() -> capture.length() >= 4 * PERIOD, 10_000); // recording before the first note
            int[] offsets = {0, 1, 29, PERIOD - 1};
            for (int k = 0; k < offsets.length; k++) {
                int note = 60 + k;
                MidiSender.Sent on = sender.send(offsets[k], 0x90, note, 100);
                JackBackendTest.waitFor(() -> capture.lastFrame() >= on.frame() + 4 * PERIOD, 5000);
                int from = capture.indexBefore(on.frame(), 4 * PERIOD);
                assertTrue(from >= 0, "the capture has frames before the note");
                for (int i = from; capture.frame(i) < on.frame(); i++) {
                    assertEquals(0f, capture.sample(0, i), "silence before note " + k);
                    assertEquals(0f, capture.sample(1, i), "silence before note " + k);
                }
                long left = capture.onsetFrame(0, from, 0f);
                long right = capture.onsetFrame(1, from, 0f);
                assertEquals(on.frame(), Math.min(left, right), "note " + k + " at offset " + offsets[k] + ": the onset frame");
                // let it go and wait for silence before the next one
                sender.send(0, 0x80, note, 0);
                try {
                    JackBackendTest.waitFor(() -> !playable.instrument().noteSounding(note) && playable.voices() == 0, 5000);
                } catch (AssertionError e) {
                    throw new AssertionError("note " + k + " did not fall silent after its note-off: note sounding "
                            + playable.instrument().noteSounding(note) + ", voices " + playable.voices() + ", " + jack.stats(), e);
                }
                Thread.sleep(50);
            }
            capture.stop();
        }
    }

    @Test
    void theModWheelChangesTemperature() throws Exception {
        try (InstrumentPlayable playable = instrument(2);
             JackBackend jack = JackBackend.open("ersatz-modwheel", playable.processor(), null, null);
             MidiSender sender = new MidiSender("modwheel-sender")) {
            sender.connectTo("ersatz-modwheel:midi_in");
            Instrument instrument = playable.instrument();
            float before = instrument.parameter(InstrumentParams.TEMPERATURE);
            for (int value : new int[] {0, 100, 127}) {
                float expected = instrument.ccMap().value(1, value);
                sender.send(17, 0xB0, 1, value);
                JackBackendTest.waitFor(() -> instrument.parameter(InstrumentParams.TEMPERATURE) == expected, 2000);
                assertEquals(expected, playable.temperature(), 1e-6, "CC1 = " + value);
            }
            assertNotEquals(before, instrument.parameter(InstrumentParams.TEMPERATURE), "CC1 moved temperature");
        }
    }

    @Test
    void sixteenVoicesOnJackAllocateNothingOnTheJackThreadOverTenThousandPeriods() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        // Compiled code is shared by every thread: JitWarmup (what ersatz run does before activating)
        // renders 20,000 blocks of 16 voices offline, so the JIT has settled before we measure here.
        // Fewer blocks leave tiered compilation busy, and its deoptimizations may allocate a few
        // bytes on whichever thread runs the code.
        JitWarmup.run();
        MidiInbox inbox = new MidiInbox(256);
        try (InstrumentPlayable playable = instrument(3);
             JackBackend jack = JackBackend.open("ersatz-voices", playable.processor(), inbox, playable.transportListener(),
                     playable.frameClock())) {
            inbox.offer(0xB0, 64, 127); // sustain: the notes keep sounding
            for (int note = 48; note < 64; note++) inbox.offer(0x90, note, 100);
            JackBackendTest.waitFor(() -> jack.stats().callbacks() > 3000, 30_000);
            assertEquals(Instrument.POLYPHONY, playable.voices(), "16 voices sounding");
            assertTrue(playable.instrument().clock().live(), "the backend publishes the clock (timed events: ZeroAllocationTest)");
            long tid = jack.processThreadId();
            long c0 = jack.stats().callbacks();
            long before = threads.getThreadAllocatedBytes(tid);
            JackBackendTest.waitFor(() -> jack.stats().callbacks() >= c0 + 10_000, 60_000);
            long after = threads.getThreadAllocatedBytes(tid);
            System.out.printf("instrument on JACK: %d bytes over %d periods, %d voices, %d underruns%n",
                    after - before, jack.stats().callbacks() - c0, playable.voices(), playable.underruns());
            assertEquals(0, after - before, "bytes allocated on the JACK thread");
            assertEquals(Instrument.POLYPHONY, playable.voices());
        }
    }

    /**
     * The idle fast path and the full one, crossed both ways 8 times on JACK's thread: 16 notes
     * (loud enough for the safety limiter to act), all sound off, the fade and the limiter's recovery
     * on the full path, then idle blocks on the fast path. 0 bytes: neither switch deoptimizes there.
     */
    @Test
    void silentToPlayingAndBackAllocatesNothingOnTheJackThread() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        assertTrue(JitWarmup.run() > 0, "the warm-up took the silent path too");
        MidiInbox inbox = new MidiInbox(256);
        try (InstrumentPlayable playable = instrument(4);
             JackBackend jack = JackBackend.open("ersatz-idle", playable.processor(), inbox, playable.transportListener(),
                     playable.frameClock())) {
            Instrument instrument = playable.instrument();
            JackBackendTest.waitFor(() -> jack.stats().callbacks() > 3000, 30_000); // JNA's attach, first periods
            JackBackendTest.waitFor(() -> instrument.silentBlocks() > 0, 5000);
            long tid = jack.processThreadId();
            long c0 = jack.stats().callbacks();
            long before = threads.getThreadAllocatedBytes(tid);
            int crossings = 8;
            for (int k = 0; k < crossings; k++) {
                for (int note = 48; note < 64; note++) inbox.offer(0x90, note, 100);
                JackBackendTest.waitFor(() -> playable.voices() == Instrument.POLYPHONY, 5000);
                long playing = jack.stats().callbacks();
                long idleBefore = instrument.silentBlocks();
                JackBackendTest.waitFor(() -> jack.stats().callbacks() >= playing + 100, 5000);
                assertEquals(idleBefore, instrument.silentBlocks(), "no silent block while 16 voices sound");
                inbox.offer(0xB0, 120, 0); // all sound off
                JackBackendTest.waitFor(() -> playable.voices() == 0, 5000);
                long silent = instrument.silentBlocks();
                JackBackendTest.waitFor(() -> instrument.silentBlocks() >= silent + 100, 10_000);
            }
            long after = threads.getThreadAllocatedBytes(tid);
            System.out.printf("silent/playing crossings on JACK: %d bytes over %d periods, %d crossings, %d silent blocks%n",
                    after - before, jack.stats().callbacks() - c0, crossings, instrument.silentBlocks());
            assertEquals(0, after - before, "bytes allocated on the JACK thread");
        }
    }

    /**
     * The studio's auditions (ersatz studio --live) on JACK's thread: takes handed over while 16 voices
     * play and while the instrument is idle, each heard to its end, allocate 0 bytes there.
     */
    @Test
    void auditionsOnJackAllocateNothingOnTheJackThread() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        JitWarmup.run();
        MidiInbox inbox = new MidiInbox(256);
        try (InstrumentPlayable playable = instrument(4);
             JackBackend jack = JackBackend.open("ersatz-audition", playable.processor(), inbox, playable.transportListener(),
                     playable.frameClock())) {
            Instrument instrument = playable.instrument();
            JackBackendTest.waitFor(() -> jack.stats().callbacks() > 3000, 30_000);
            float[][] loop = new float[2][9600];
            for (int i = 0; i < loop[0].length; i++) loop[0][i] = loop[1][i] = 0.2f * (float) Math.sin(2 * Math.PI * 330 * i / 48000.0);
            dev.ersatz.engine.render.Audition take = dev.ersatz.engine.render.Audition.of(new dev.ersatz.engine.audio.AudioData(loop, 48000), 48000);
            long tid = jack.processThreadId();
            long before = threads.getThreadAllocatedBytes(tid);
            long c0 = jack.stats().callbacks();
            for (int k = 0; k < 8; k++) {
                boolean playing = k % 2 == 0;
                if (playing) for (int note = 48; note < 64; note++) inbox.offer(0x90, note, 100);
                else inbox.offer(0xB0, 120, 0);
                JackBackendTest.waitFor(() -> playing ? playable.voices() == Instrument.POLYPHONY : playable.voices() == 0, 5000);
                long heard = instrument.auditionedFrames();
                instrument.audition(dev.ersatz.engine.render.Audition.of(new dev.ersatz.engine.audio.AudioData(loop, 48000), 48000));
                JackBackendTest.waitFor(() -> instrument.auditionedFrames() >= heard + take.frames(), 5000);
                assertEquals(heard + take.frames(), instrument.auditionedFrames(), "take " + k + " heard to its end, once");
            }
            long after = threads.getThreadAllocatedBytes(tid);
            System.out.printf("auditions on JACK: %d bytes over %d periods, 8 takes%n", after - before, jack.stats().callbacks() - c0);
            assertEquals(0, after - before, "bytes allocated on the JACK thread");
        }
    }
}
