package dev.ersatz.engine.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.bounce.Bouncer;
import dev.ersatz.engine.bounce.OfflineRenderer;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.testing.DebianSamples;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.testing.Tools;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sync} parameter on the chain: joins start on beats or bar lines of the instrument's own
 * grid (an offline bounce has no timebase master), at the bounce's tempo, and follow a tempo change.
 */
class ChainSyncTest {
    static final int RATE = 48000;
    static final int BLOCK = 256;
    /** The join: 5 ms, the shortest. */
    static final int FADE = 240;

    /** A held note through the chain over {@code clips}, {@code sync} and a tempo of {@code bpm}, then {@code bpm2} from {@code changeAt}. */
    static float[] bounce(List<AudioData> clips, int sync, double bpm, double bpm2, long changeAt, long frames) {
        Instrument in = new Instrument();
        ChainGenerator g = ChainGenerator.of(clips, ClipFeatures.Measure.TIMBRE, FADE / (double) RATE, 7);
        in.load(Material.of(clips), g, 7);
        in.setParameter("attack", 0.5f);
        in.setParameter("sync", sync);
        try (OfflineRenderer r = new OfflineRenderer(in, new AudioConfig(RATE, BLOCK, 2), true)) {
            r.setTempo(bpm);
            r.play(Bouncer.hold(60, 127));
            float[] out = new float[(int) frames];
            float[][] into = {out, new float[(int) frames]};
            for (int at = 0; at < frames; at += BLOCK) {
                if (at == changeAt) r.setTempo(bpm2);
                r.renderBlock(into, at, (int) Math.min(BLOCK, frames - at));
            }
            return out;
        }
    }

    /** Frames where a head starts: above 0.3 after 1,000 frames below 0.1 (the fade-in's first frames included). */
    static List<Long> heads(float[] x) {
        List<Long> at = new ArrayList<>();
        int quiet = 0;
        for (int i = 0; i < x.length; i++) {
            float a = Math.abs(x[i]);
            if (a > 0.3f && quiet >= 1000) at.add((long) i);
            quiet = a < 0.1f ? quiet + 1 : a > 0.3f ? 0 : quiet;
        }
        return at;
    }

    /**
     * How far each onset is after the grid line at or before it, as {@code beats(frame)} counts beats
     * and lines fall every {@code unit} beats. A join that starts on a line crosses 0.3 within its fade-in.
     */
    static double[] lateness(List<Long> onsets, LongToDoubleFunction beats, double unit, double framesPerBeat) {
        double[] d = new double[onsets.size()];
        for (int i = 0; i < d.length; i++) {
            double b = beats.applyAsDouble(onsets.get(i)) / unit;
            d[i] = (b - Math.floor(b)) * unit * framesPerBeat;
        }
        return d;
    }

    static long onGrid(double[] lateness, double within) {
        long n = 0;
        for (double v : lateness) if (v < within) n++;
        return n;
    }

    @Test
    void joinsStartOnBeatsAndBarLinesOfTheBounceTempo() {
        List<AudioData> clips = Signals.headedClips(RATE);
        long frames = 20L * RATE;
        for (int sync : new int[] {InstrumentParams.SYNC_BEAT, InstrumentParams.SYNC_BAR}) {
            double unit = sync == InstrumentParams.SYNC_BAR ? 4 : 1;
            List<Long> on = heads(bounce(clips, sync, 120, 120, -1, frames));
            double[] late = lateness(on, f -> f / 24000.0, unit, 24000);
            assertTrue(on.size() >= (sync == InstrumentParams.SYNC_BAR ? 8 : 15), "joins heard: " + on);
            assertTrue(onGrid(late, FADE) == on.size(), "sync " + sync + ": every join within its 5-ms fade-in of a line; onsets " + on
                    + ", frames after the line " + java.util.Arrays.toString(late));
        }
        // Without sync, the same chain hands over where each clip ends: off the grid.
        List<Long> free = heads(bounce(clips, InstrumentParams.SYNC_OFF, 120, 120, -1, frames));
        double[] late = lateness(free, f -> f / 24000.0, 1, 24000);
        assertTrue(free.size() >= 15 && onGrid(late, FADE) < free.size() / 3,
                "unsynced joins fall off the beat: " + onGrid(late, FADE) + " of " + free.size() + " on it");
    }

    @Test
    void aTempoChangeIsFollowedFromTheNextBlock() {
        List<AudioData> clips = Signals.headedClips(RATE);
        long change = 10L * RATE; // a block boundary
        long frames = 22L * RATE;
        List<Long> on = heads(bounce(clips, InstrumentParams.SYNC_BEAT, 120, 90, change, frames));
        // The own grid runs on from its phase at the change: 20 beats in 10 s, then 1.5 beats a second.
        LongToDoubleFunction beats = f -> f < change ? f / 24000.0 : change / 24000.0 + (f - change) / 32000.0;
        List<Long> after = on.stream().filter(f -> f > change).toList();
        double[] late = lateness(after, beats, 1, 32000);
        assertTrue(after.size() >= 8, "joins after the change: " + after);
        assertTrue(onGrid(late, FADE) == after.size(), "every join after the change on a 90-BPM beat: " + after
                + ", frames after the beat " + java.util.Arrays.toString(late));
    }

    @Test
    void aSyncedBounceRepeatsFrameForFrame() {
        List<AudioData> clips = Signals.headedClips(RATE);
        float[] a = bounce(clips, InstrumentParams.SYNC_BEAT, 133, 133, -1, 6L * RATE);
        float[] b = bounce(clips, InstrumentParams.SYNC_BEAT, 133, 133, -1, 6L * RATE);
        assertArrayEquals(a, b);
    }

    /**
     * Real drum hits (a Hydrogen kit), chained with sync on the beat: the onsets aubio finds in the
     * bounce fall on the beat, and without sync they do not.
     */
    @Test
    void realDrumHitsChainedOnTheBeatAsAubioHearsIt(@TempDir Path dir) throws Exception {
        List<AudioData> clips = new ArrayList<>();
        for (Path f : DebianSamples.audioFiles(DebianSamples.hydrogenKit("HardElectro1"))) {
            AudioData a = AudioFiles.read(f);
            if (a.seconds() > 0.1 && clips.size() < 12) clips.add(a);
        }
        assertTrue(clips.size() >= 6, "hits in the kit: " + clips.size());
        long frames = 30L * RATE;
        double period = 256; // aubioonset's hop: its onsets are placed on its frames
        double[] fractions = new double[2];
        for (int k = 0; k < 2; k++) {
            int sync = k == 0 ? InstrumentParams.SYNC_BEAT : InstrumentParams.SYNC_OFF;
            float[] x = bounce(clips, sync, 120, 120, -1, frames);
            Path wav = dir.resolve("sync" + sync + ".wav");
            WavWriter.write(wav, new AudioData(new float[][] {x}, RATE), SampleFormat.PCM_24);
            List<Long> onsets = new ArrayList<>();
            for (String line : Tools.check(60, "aubioonset", "-i", wav.toString(), "-H", "256").split("\n")) {
                if (line.isBlank()) continue;
                long f = Math.round(Double.parseDouble(line.trim()) * RATE);
                if (f > 0) onsets.add(f); // aubio reports the file's first block of sound at 0
            }
            long near = 0;
            for (long f : onsets) {
                double off = f / 24000.0;
                double d = Math.abs(off - Math.rint(off)) * 24000;
                if (d <= 2 * period) near++;
            }
            fractions[k] = onsets.isEmpty() ? 0 : near / (double) onsets.size();
            System.out.printf("real kit, sync %d: %d aubio onsets, %.0f%% within %d frames of a beat%n",
                    sync, onsets.size(), 100 * fractions[k], (int) (2 * period));
            if (Files.exists(Path.of("target"))) Files.copy(wav, Path.of("target", "chain-sync" + sync + ".wav"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertTrue(fractions[0] >= 0.8, "synced: " + fractions[0]);
        assertTrue(fractions[1] < 0.5 * fractions[0], "unsynced " + fractions[1] + " against synced " + fractions[0]);
    }
}
