package dev.ersatz.bridge.jack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.bounce.Timeline;
import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.Reporter;
import dev.ersatz.engine.session.Sources;
import dev.ersatz.engine.testing.Signals;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The design's promise, on a real jackd (dummy backend): one description, seed and events give the
 * same samples live as bounced. Both go through {@link InstrumentSession}: the live run hands its
 * processor to JACK and is played by a real MIDI peer; the bounce renders the same notes, at the same
 * distances, offline. The capture, from the note-on's frame, equals the bounce bit for bit.
 */
class BounceIsLiveJackTest {
    static final int RATE = 48000;
    /**
     * 1024 frames: a period JACK skips for either peer (an xrun, which a loaded 2-core machine makes
     * at 256) shifts the capture or the instrument's clock against the JACK frames the events are
     * measured in; that is a fact about the test rig, not about the instrument, so the test avoids it.
     */
    static final int PERIOD = 1024;
    /** How long the note is held, roughly; the frame JACK put the note-off at is what the bounce uses. */
    static final int HOLD_FRAMES = RATE / 2;
    /** What is compared: the note, its release and some silence after it. */
    static final int COMPARED = RATE * 3 / 2;

    @TempDir Path tmp;

    @Test
    void aBounceOfTheEventsALiveRunPlayedIsSampleIdenticalToItsJackOutput() throws Exception {
        Path corpus = Files.createDirectories(tmp.resolve("corpus"));
        WavWriter.write(corpus.resolve("a.wav"), new AudioData(new float[][] {Signals.music(RATE * 3, RATE, 1)}, RATE), SampleFormat.FLOAT_32);
        WavWriter.write(corpus.resolve("b.wav"), new AudioData(new float[][] {Signals.sine(330, 0.4, RATE * 2, RATE)}, RATE), SampleFormat.FLOAT_32);
        Description what = Description.of(Sources.corpus(corpus)).withRate(RATE).withSeed(11)
                .withOverride("density", 30).withOverride("release", 200);

        long on;
        long off;
        String stats;
        float[][] live = new float[2][COMPARED];
        try (JackServer server = JackServer.start(PERIOD).useInThisProcess();
             SessionPlayable playable = new SessionPlayable(InstrumentSession.open(what, Reporter.QUIET), null)) {
            playable.session().startLive();
            try (JackBackend jack = JackBackend.open("ersatz-identity", playable.processor(), null, playable.transportListener());
                 MidiSender sender = new MidiSender("identity-sender");
                 AudioCapture capture = new AudioCapture("identity-capture", 10)) {
                sender.connectTo("ersatz-identity:midi_in");
                capture.connectFrom("ersatz-identity:out_L", "ersatz-identity:out_R");
                capture.start();
                JackBackendTest.waitFor(() -> capture.length() >= 4096, 10_000); // recording before the note is sent
                on = sender.send(37, 0x90, 60, 100).frame();
                JackBackendTest.waitFor(() -> capture.lastFrame() >= on + HOLD_FRAMES, 10_000);
                off = sender.send(101, 0x80, 60, 0).frame();
                JackBackendTest.waitFor(() -> capture.lastFrame() >= on + COMPARED, 10_000);
                capture.stop();
                int from = capture.indexOf(on);
                assertTrue(from > 0, "the capture has the note's frame");
                assertEquals(on + COMPARED - 1, capture.frame(from + COMPARED - 1), "no period missing from the capture (an xrun): from "
                        + from + ", length " + capture.length() + ", last frame " + capture.lastFrame() + ", on " + on);
                for (int ch = 0; ch < 2; ch++) {
                    for (int i = 0; i < COMPARED; i++) live[ch][i] = capture.sample(ch, from + i);
                }
                assertEquals(0f, capture.sample(0, from - 1), "silence before the note");
                stats = jack.stats() + ", underruns " + playable.underruns();
            }
        }

        AudioData bounced;
        try (InstrumentSession session = InstrumentSession.open(what, Reporter.QUIET)) {
            Timeline events = new Timeline.Builder().noteOn(0, 0, 60, 100).noteOff(off - on, 0, 60).build();
            bounced = session.bounce(InstrumentSession.Score.of(events, COMPARED / (double) RATE));
        }
        assertEquals(COMPARED, bounced.frames());
        double energy = 0;
        for (float v : bounced.channels()[0]) energy += v * v;
        assertTrue(Math.sqrt(energy / COMPARED) > 1e-3, "the note sounds");
        for (int ch = 0; ch < 2; ch++) {
            float[] b = bounced.channels()[ch];
            int first = firstDifference(live[ch], b);
            assertArrayEquals(b, live[ch], "channel " + ch + ": live and bounced differ first at frame " + first
                    + " after the note-on (note-off at " + (off - on) + "; " + stats + ")");
        }
    }

    private static int firstDifference(float[] a, float[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) return i;
        return a.length == b.length ? -1 : Math.min(a.length, b.length);
    }
}
