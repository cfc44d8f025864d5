package dev.ersatz.bridge.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.Resampler;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.preset.GeneratorKind;
import dev.ersatz.engine.resynth.ResynthProcessor;
import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.Reporter;
import dev.ersatz.engine.session.Sources;
import dev.ersatz.engine.testing.DebianSamples;
import dev.ersatz.engine.testing.Tools;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live resynthesis on a real jackd (dummy backend): a JNAJack peer plays sonic-pi's amen break into
 * {@code ersatz:in_L/in_R}, the session re-voices it with a Hydrogen kit, a capture peer records
 * {@code out_L/out_R} with JACK's frames. The output's onsets ({@code aubioonset}, not our detector)
 * follow the input's, late by the latency JACK is told (one description window plus one period);
 * with resynthesis running, JACK's thread allocates nothing.
 */
class ResynthJackTest {
    static final int RATE = 48000;
    /** 1024 frames: a period a starved peer misses (an xrun on a loaded 2-core machine) would shift the capture against JACK's frames. */
    static final int PERIOD = 1024;
    static final int ALLOC_PERIOD = 256;
    @TempDir Path tmp;

    static Description drums() {
        return Description.of(Sources.corpus(DebianSamples.hydrogenKit("ColomboAcousticDrumkit"))).withKind(GeneratorKind.RESYNTH)
                .withSeed(3).withOverride("temperature", 0);
    }

    static float[][] amen() throws Exception {
        AudioData a = Resampler.resample(AudioFiles.read(DebianSamples.sonicPi().resolve("loop_amen.flac")), RATE);
        float[][] c = a.channels();
        return new float[][] {c[0], c[Math.min(1, c.length - 1)]};
    }

    static List<Double> onsets(Path f) {
        List<Double> out = new ArrayList<>();
        for (String line : Tools.check(60, "aubioonset", "-i", f.toString()).split("\n")) if (!line.isBlank()) out.add(Double.parseDouble(line.trim()));
        return out;
    }

    @Test
    void theOutputsOnsetsFollowTheInputsLateByTheReportedLatency() throws Exception {
        float[][] in = amen();
        int n = in[0].length;
        int latency = ResynthProcessor.latencyFrames(PERIOD);
        float[][] out = new float[2][n + latency];
        long start;
        String stats;
        String lsp;
        try (JackServer server = JackServer.start(PERIOD).useInThisProcess();
             SessionPlayable playable = new SessionPlayable(InstrumentSession.open(drums(), Reporter.QUIET), null)) {
            assertTrue(playable.session().resynthesizing());
            assertEquals(latency, playable.inputLatencyFrames(PERIOD));
            try (JackBackend jack = JackBackend.open("ersatz-rs", playable.processor(), null, playable.transportListener());
                 AudioPlayer player = new AudioPlayer("rs-player", in, false);
                 AudioCapture capture = new AudioCapture("rs-capture", 20)) {
                jack.setInputLatency(playable.inputLatencyFrames(jack.stats().bufferSize()));
                player.connectTo("ersatz-rs:in_L", "ersatz-rs:in_R");
                capture.connectFrom("ersatz-rs:out_L", "ersatz-rs:out_R");
                capture.start();
                JackBackendTest.waitFor(() -> capture.length() >= 4096, 10_000);
                player.start();
                JackBackendTest.waitFor(() -> player.startFrame() >= 0, 10_000);
                start = player.startFrame();
                JackBackendTest.waitFor(() -> capture.lastFrame() >= start + n + latency, 30_000);
                capture.stop();
                int from = capture.indexOf(start);
                assertTrue(from >= 0, "the capture has the frame the input began at");
                assertEquals(start + n + latency - 1, capture.frame(from + n + latency - 1), "no period missing from the capture (an xrun)");
                for (int ch = 0; ch < 2; ch++) for (int i = 0; i < n + latency; i++) out[ch][i] = capture.sample(ch, from + i);
                ResynthProcessor r = playable.session().resynthesis();
                stats = jack.stats() + ", units " + r.unitsMatched() + ", late " + r.lateDecisions() + ", input dropped " + r.inputDropped();
                lsp = server.tool("jack_lsp", "-l", "ersatz-rs:out_L");
            }
        }
        // JACK is told: the outputs' capture latency is the inputs' (0 here: a player peer) plus one description window and one period.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("capture latency = \\[ (\\d+) (\\d+) \\]").matcher(lsp);
        assertTrue(m.find(), lsp);
        assertEquals(latency, Integer.parseInt(m.group(1)), "JACK is told the outputs are this late behind the inputs: " + lsp);
        Path inFile = tmp.resolve("in.wav"), liveFile = tmp.resolve("live.wav"), alignedFile = tmp.resolve("aligned.wav");
        WavWriter.write(inFile, new AudioData(in, RATE), SampleFormat.PCM_24);
        WavWriter.write(liveFile, new AudioData(out, RATE), SampleFormat.PCM_24);
        float[][] aligned = new float[2][n];
        for (int ch = 0; ch < 2; ch++) System.arraycopy(out[ch], latency, aligned[ch], 0, n);
        WavWriter.write(alignedFile, new AudioData(aligned, RATE), SampleFormat.PCM_24);
        List<Double> a = onsets(inFile), b = onsets(liveFile);
        double late = latency / (double) RATE;
        int hit = 0;
        List<Double> lags = new ArrayList<>();
        for (double t : a) {
            double best = Double.NaN;
            for (double u : b) if (Double.isNaN(best) || Math.abs(u - t - late) < Math.abs(best - t - late)) best = u;
            if (!Double.isNaN(best)) lags.add(best - t);
            if (!Double.isNaN(best) && Math.abs(best - t - late) <= 0.030) hit++;
        }
        double share = hit / (double) a.size();
        System.out.printf("live resynth on JACK (%d frames, %d Hz): latency %d frames (%.1f ms); input onsets %d, output onsets %d, "
                + "%.1f%% within 30 ms of input + latency; lags %s; %s; %s%n", PERIOD, RATE, latency, 1000 * late, a.size(), b.size(),
                100 * share, lags.stream().map(x -> String.format("%.3f", x)).toList(), stats, lsp.strip().replace('\n', ' '));
        assertTrue(share >= 0.8, "onsets matched " + share + ": input " + a + ", output " + b);
        assertTrue(latency <= dev.ersatz.engine.resynth.CorpusUnits.DESCRIBE_FRAMES + PERIOD, "one description window plus one period");
        double sum = 0;
        for (float v : aligned[0]) sum += v * v;
        assertTrue(Math.sqrt(sum / n) > 0.01, "it sounds");
    }

    /** The command a producer types: `ersatz run --corpus KIT --resynth` opens in_L/in_R, says its latency and tells JACK. */
    @Test
    void runResynthOpensTheInputsAndReportsItsLatency() throws Exception {
        runResynth(JackServer.start(ALLOC_PERIOD), null);
    }

    /** On a server at 44.1 kHz the corpus (read at 48 kHz) is described again at the server's rate before it plays. */
    @Test
    void onAServerAtAnotherRateTheCorpusIsDescribedAgainAtIt() throws Exception {
        runResynth(JackServer.start(ALLOC_PERIOD, 44100), "ersatz: described the corpus again at JACK's 44100 Hz for resynthesis");
    }

    private static void runResynth(JackServer started, String said) throws Exception {
        try (JackServer server = started) {
            RunCommandTest.Sub sub = RunCommandTest.subprocess(server, "run", "--corpus", DebianSamples.hydrogenKit("ColomboAcousticDrumkit").toString(),
                    "--resynth", "--name", "ersatz-rr");
            try {
                int latency = ResynthProcessor.latencyFrames(ALLOC_PERIOD);
                // Describing the kit and the JIT warm-up of the resynthesis path come first: slow on a loaded machine.
                JackBackendTest.waitFor(() -> {
                    try {
                        return java.nio.file.Files.readString(sub.err()).contains("resynthesizing in_L/in_R, " + latency + " frames late");
                    } catch (java.io.IOException e) {
                        return false;
                    }
                }, 120_000);
                if (said != null) assertTrue(java.nio.file.Files.readString(sub.err()).contains(said), java.nio.file.Files.readString(sub.err()));
                String lsp = server.tool("jack_lsp", "-l", "ersatz-rr:out_L");
                assertTrue(lsp.contains("capture latency = [ " + latency + " " + latency + " ]"), lsp);
                String ports = server.tool("jack_lsp", "ersatz-rr");
                for (String port : new String[] {"ersatz-rr:in_L", "ersatz-rr:in_R", "ersatz-rr:out_L", "ersatz-rr:out_R", "ersatz-rr:midi_in"}) {
                    assertTrue(ports.contains(port), ports);
                }
                sub.process().destroy();
                assertTrue(sub.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "exits on SIGTERM");
            } finally {
                sub.process().destroyForcibly();
            }
        }
    }

    @Test
    void resynthesizingAllocatesNothingOnTheJackThread() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        float[][] in = amen();
        // The input at its worst as well: NaN, infinities, DC and full-scale noise among the loop.
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < in[0].length; i++) {
            int part = i / (RATE / 2) % 8;
            if (part == 5) { in[0][i] = Float.NaN; in[1][i] = Float.POSITIVE_INFINITY; }
            else if (part == 6) { in[0][i] = 1f; in[1][i] = 1f; }
            else if (part == 7) { in[0][i] = (float) (2 * random.nextDouble() - 1); in[1][i] = -in[0][i]; }
        }
        try (JackServer server = JackServer.start(ALLOC_PERIOD).useInThisProcess();
             SessionPlayable playable = new SessionPlayable(InstrumentSession.open(drums().withOverride("temperature", 1), Reporter.QUIET), null)) {
            JitWarmup.run(true, false);
            try (JackBackend jack = JackBackend.open("ersatz-rs-alloc", playable.processor(), null, playable.transportListener());
                 AudioPlayer player = new AudioPlayer("rs-loop", in, true);
                 AudioCapture capture = new AudioCapture("rs-alloc-capture", 60)) {
                player.connectTo("ersatz-rs-alloc:in_L", "ersatz-rs-alloc:in_R");
                capture.connectFrom("ersatz-rs-alloc:out_L", "ersatz-rs-alloc:out_R");
                player.start();
                capture.start();
                JackBackendTest.waitFor(() -> jack.stats().callbacks() > 3000, 60_000); // warm-up: JIT, JNA's first attach
                long tid = jack.processThreadId();
                long c0 = jack.stats().callbacks();
                long units0 = playable.session().resynthesis().unitsPlayed();
                long before = threads.getThreadAllocatedBytes(tid);
                JackBackendTest.waitFor(() -> jack.stats().callbacks() >= c0 + 10_000, 120_000);
                long after = threads.getThreadAllocatedBytes(tid);
                long units = playable.session().resynthesis().unitsPlayed() - units0;
                capture.stop();
                float peak = 0;
                boolean finite = true;
                for (int i = 0; i < capture.length(); i++) {
                    float v = capture.sample(0, i);
                    finite &= Float.isFinite(v);
                    peak = Math.max(peak, Math.abs(v));
                }
                System.out.printf("JACK thread with resynthesis: %d bytes over %d callbacks, %d units started, output peak %.3f%n",
                        after - before, jack.stats().callbacks() - c0, units, peak);
                assertTrue(units > 50, "resynthesis ran: " + units + " units");
                assertEquals(0, after - before, "bytes allocated on the JACK thread");
                assertTrue(finite && peak <= 0.97f, "bad input never gives NaN or a blown-up output: peak " + peak);
                assertEquals(0, jack.stats().processorFailures());
            }
        }
    }
}
