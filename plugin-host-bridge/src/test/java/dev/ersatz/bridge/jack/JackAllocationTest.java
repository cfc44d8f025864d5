package dev.ersatz.bridge.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.bridge.midi.MidiInbox;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audio thread is sacred: after a warm-up, 10,000 real JACK process callbacks (64-frame periods,
 * MIDI arriving every period from a JACK peer and through the inbox, transport queried, audio copied
 * out) allocate 0 bytes on JACK's process thread. Measured from outside with
 * com.sun.management.ThreadMXBean on that thread, so it covers everything Java does there: JNA's
 * callback dispatch, our code and the processor.
 */
class JackAllocationTest {
    static final int PERIODS = 10_000;
    static JackServer server;

    @BeforeAll
    static void startServer() {
        server = JackServer.start(64).useInThisProcess();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.close();
    }

    /** The measurement can fail: a processor that allocates 32 bytes a block is seen doing so. */
    @Test
    void theMeasurementSeesAnAllocatingProcessor() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        ImpulseProcessor allocating = new ImpulseProcessor() {
            volatile Object sink;

            @Override
            public void process(dev.ersatz.engine.render.EventBuffer events, float[][] outputs, int frames) {
                super.process(events, outputs, frames);
                sink = new long[2];
            }
        };
        try (JackBackend jack = JackBackend.open("ersatz-alloc-control", allocating, null, null)) {
            JackBackendTest.waitFor(() -> jack.stats().callbacks() > 500, 20_000);
            long tid = jack.processThreadId();
            long c0 = jack.stats().callbacks();
            long before = threads.getThreadAllocatedBytes(tid);
            JackBackendTest.waitFor(() -> jack.stats().callbacks() >= c0 + 1000, 20_000);
            long after = threads.getThreadAllocatedBytes(tid);
            assertTrue(after - before >= 1000 * 16, "an allocating processor shows: " + (after - before) + " bytes");
        }
    }

    @Test
    void tenThousandProcessCallbacksAllocateNothingOnTheJackThread() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        MidiInbox inbox = new MidiInbox(1024);
        ImpulseProcessor p = new ImpulseProcessor();
        try (JackBackend jack = JackBackend.open("ersatz-alloc", p, inbox, null);
             MidiSender sender = new MidiSender("alloc-sender")) {
            sender.connectTo("ersatz-alloc:midi_in");
            sender.sendEveryPeriod(true);
            Thread feeder = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    inbox.offer(0xB0, 1, 64);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            feeder.start();
            try {
                JackBackendTest.waitFor(() -> jack.stats().callbacks() > 3000, 20_000); // warm-up: JIT, JNA's first attach
                long tid = jack.processThreadId();
                assertTrue(tid != 0);
                long c0 = jack.stats().callbacks();
                long before = threads.getThreadAllocatedBytes(tid);
                JackBackendTest.waitFor(() -> jack.stats().callbacks() >= c0 + PERIODS, 60_000);
                long after = threads.getThreadAllocatedBytes(tid);
                long c1 = jack.stats().callbacks();
                assertTrue(before >= 0 && after >= 0, "the JVM measures allocation on JACK's thread");
                int logged = p.logged;
                System.out.printf("JACK thread %d: %d bytes over %d callbacks (%d MIDI events seen)%n", tid, after - before, c1 - c0, logged);
                assertEquals(0, after - before, "bytes allocated on the JACK thread over " + (c1 - c0) + " callbacks");
                assertTrue(p.find(0, 0x90, 60) >= 0 && p.find(0, 0xB0, 1) >= 0, "JACK MIDI and inbox MIDI both arrived");
                assertEquals(0, jack.stats().processorFailures());
            } finally {
                feeder.interrupt();
                feeder.join();
            }
        }
    }
}
