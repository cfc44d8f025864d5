package dev.ersatz.bridge.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.bridge.midi.MidiInbox;
import dev.ersatz.engine.compose.LiveComposer;
import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.Reporter;
import dev.ersatz.engine.session.Sources;
import dev.ersatz.engine.testing.DebianMidi;
import dev.ersatz.engine.testing.DebianSamples;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link JackAllocationTest}'s measurement with the live composer: on real JACK callbacks (64-frame
 * periods) the session's composer plays, is seeded and writes midi_out, and JACK's process thread
 * allocates nothing. A class of its own: it learns a MIDI model and loads a kit, and leaves the
 * JIT settled after it, so the compile queue it fills cannot reach into another test's measurement.
 */
class ComposeAllocationJackTest {
    static JackServer server;

    @BeforeAll
    static void startServer() {
        server = JackServer.start(64).useInThisProcess();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) server.close();
        jitSettled();
    }

    /**
     * Waits (at most a minute) until HotSpot has compiled nothing for a second. The JACK backend's own
     * code (JNA copying the outputs) is compiled by C2 only once JACK has called it some thousands
     * of times, and when the compile queue is long (a test that learnt a MIDI model and loaded a kit
     * just before), that is after the first 3,000 periods: its switch to compiled code then cost
     * 1,040 to 1,088 bytes on JACK's thread once, with the session idle, no composer and no MIDI
     * as much as with them. What is measured after this is the steady state.
     */
    static void jitSettled() throws InterruptedException {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long last = jit.getTotalCompilationTime();
        for (int quiet = 0, i = 0; quiet < 10 && i < 600; i++) {
            Thread.sleep(100);
            long now = jit.getTotalCompilationTime();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    /**
     * `run --compose --self` as LiveRun plays it, after the warm-up LiveRun runs: the session's
     * composer (a model of eight OpenMSX pieces) plays a real kit (Hydrogen's, the percussive preset)
     * and midi_out, while notes, the register's CC and the mod wheel arrive on its MIDI input and
     * seed phrase after phrase: 0 bytes on JACK's thread over 15,000 periods (20 s, two or three
     * phrases), once the JIT has settled ({@link #jitSettled}).
     */
    @Test
    void theComposerPlayingAndSeededAllocatesNothingOnTheJackThread() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        long t0 = System.nanoTime();
        JitWarmup.run(false, true); // as LiveRun does before it opens a composing client
        System.out.printf("JIT warm-up: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        InstrumentSession session = InstrumentSession.open(Description.of(Sources.corpus(DebianSamples.hydrogenKit("ColomboAcousticDrumkit")))
                .withPreset(Path.of(System.getProperty("ersatz.project.root", "..")).resolve("presets/percussive.json")), Reporter.QUIET);
        session.startLive();
        session.compose(LiveComposer.following(DebianMidi.openMsxModel(8), 5, 8, session.instrument()), true);
        LiveComposer composer = session.composer();
        MidiInbox inbox = new MidiInbox(1024);
        try (SessionPlayable p = new SessionPlayable(session, null);
             JackBackend jack = JackBackend.open("ersatz-alloc-compose", p.processor(), inbox, p.transportListener(), p.frameClock(), p.midiOutput())) {
            Thread feeder = new Thread(() -> {
                for (int k = 0; !Thread.currentThread().isInterrupted(); k++) {
                    switch (k % 4) {
                        case 0 -> inbox.offer(0x90, 40 + (k * 7) % 50, 100);      // a lead-in
                        case 1 -> inbox.offer(0x80, 40 + ((k - 1) * 7) % 50, 0);
                        case 2 -> inbox.offer(0xB0, LiveComposer.REGISTER_CC, 52 + k % 24); // the register
                        default -> inbox.offer(0xB0, 1, 30 + k % 40);            // temperature
                    }
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            feeder.start();
            try {
                JackBackendTest.waitFor(() -> jack.stats().callbacks() > 3000, 20_000);
                jitSettled();
                long tid = jack.processThreadId();
                long c0 = jack.stats().callbacks();
                long phrases0 = composer.phrasesStarted(), notes0 = composer.notesWritten(), seeded0 = composer.phrasesSeeded();
                long before = threads.getThreadAllocatedBytes(tid);
                JackBackendTest.waitFor(() -> jack.stats().callbacks() >= c0 + 15_000, 90_000);
                long after = threads.getThreadAllocatedBytes(tid);
                long c1 = jack.stats().callbacks();
                long phrases = composer.phrasesStarted() - phrases0, notes = composer.notesWritten() - notes0, seeded = composer.phrasesSeeded() - seeded0;
                System.out.printf("composer on JACK: %d bytes over %d callbacks; %d phrases begun, %d notes, %d phrases seeded, %d voices now, %d underruns%n",
                        after - before, c1 - c0, phrases, notes, seeded, p.voices(), p.underruns());
                assertTrue(composer.failure() == null, "the composer's worker: " + composer.failure());
                assertTrue(phrases >= 2 && notes >= 20 && seeded >= 2, phrases + " phrases, " + notes + " notes, " + seeded + " seeded");
                assertEquals(0, after - before, "bytes allocated on the JACK thread over " + (c1 - c0) + " callbacks with the composer playing");
                assertEquals(0, jack.stats().processorFailures());
            } finally {
                feeder.interrupt();
                feeder.join();
            }
        }
    }
}
