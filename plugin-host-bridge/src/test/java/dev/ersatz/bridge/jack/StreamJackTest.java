package dev.ersatz.bridge.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.analysis.Onsets;
import dev.ersatz.engine.compose.MidiModelFile;
import dev.ersatz.engine.testing.DebianMidi;
import dev.ersatz.engine.testing.DebianSamples;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ersatz stream --jack` in-process on a real jackd (dummy backend), recorded by a real JACK peer
 * ({@link AudioCapture}) on its out_L and out_R: a held note on real pads, and a composition from
 * real MIDI (OpenMSX) on a real drum kit, each for its --hours, after which the stream ends by itself.
 */
class StreamJackTest {
    static final Path ROOT = Path.of(System.getProperty("ersatz.project.root", ".."));
    static final int RATE = 48000;
    static JackServer server;
    @TempDir static Path dir;

    @BeforeAll
    static void startServer() {
        server = JackServer.start(256).useInThisProcess();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.close();
    }

    /** Runs `ersatz stream --jack ARGS` as client {@code name} for {@code seconds}, recording what it plays. */
    static float[] streamLive(String name, double seconds, String... args) throws Exception {
        String[] base = {"stream", "--jack", "--name", name, "--hours", Double.toString(seconds / 3600), "--seed", "5"};
        String[] all = new String[base.length + args.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(args, 0, all, base.length, args.length);
        RunCommandTest.Outcome[] result = new RunCommandTest.Outcome[1];
        Thread t = new Thread(() -> result[0] = RunCommandTest.inProcess(all));
        try (AudioCapture capture = new AudioCapture(name + "-rec", (int) seconds + 30)) {
            t.start();
            RunCommandTest.waitForPort(server, name + ":out_R");
            capture.connectFrom(name + ":out_L", name + ":out_R");
            capture.start();
            t.join(120_000);
            capture.stop();
            assertFalse(t.isAlive(), "the stream ended after its --hours");
            assertEquals(0, result[0].code(), result[0].err());
            assertTrue(result[0].err().contains(" as JACK client '" + name + "'"), result[0].err());
            float[] mono = new float[capture.length()];
            for (int i = 0; i < mono.length; i++) mono[i] = (capture.sample(0, i) + capture.sample(1, i)) / 2;
            return mono;
        }
    }

    static double rms(float[] x) {
        double s = 0;
        for (float v : x) s += v * v;
        return Math.sqrt(s / Math.max(1, x.length));
    }

    @Test
    void aHeldNoteStreamsLive() throws Exception {
        float[] heard = streamLive("ersatz-stream-held", 6, "--preset", ROOT.resolve("presets/ambient-drift.json").toString(),
                "--corpus", DebianSamples.lmms("stringsnpads").toString());
        double rms = rms(heard);
        System.out.printf("stream --jack, held note: %.1f s recorded, RMS %.4f%n", heard.length / (double) RATE, rms);
        assertTrue(heard.length > 2 * RATE, "recorded " + heard.length + " frames");
        assertTrue(rms > 1e-3, "the stream is not silent: RMS " + rms);
    }

    @Test
    void aCompositionStreamsLive() throws Exception {
        Path model = dir.resolve("msx.ersatz-midi");
        MidiModelFile.write(model, DebianMidi.openMsxModel(8));
        float[] heard = streamLive("ersatz-stream-comp", 10, "--compose", model.toString(),
                "--corpus", DebianSamples.hydrogenKit("ColomboAcousticDrumkit").toString(), "--preset", ROOT.resolve("presets/percussive.json").toString());
        double rms = rms(heard);
        int onsets = Onsets.detect(heard, RATE).length;
        System.out.printf("stream --jack --compose: %.1f s recorded, RMS %.4f, %d onsets%n", heard.length / (double) RATE, rms, onsets);
        assertTrue(heard.length > 4 * RATE, "recorded " + heard.length + " frames");
        assertTrue(rms > 1e-3, "the stream is not silent: RMS " + rms);
        assertTrue(onsets >= 8, "the composition's hits: " + onsets + " onsets");
    }
}
