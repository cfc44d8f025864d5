package dev.ersatz.engine.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.analysis.Texture;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.bounce.Bouncer;
import dev.ersatz.engine.bounce.OfflineRenderer;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.testing.DebianSamples;
import dev.ersatz.engine.testing.Tools;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sync} parameter on the learned model, on a real drum machine's one-shots (LMMS): with
 * sync on the beat, the hits a bounce makes start on beats of the bounce's tempo, as aubio hears them.
 */
class ModelSyncTest {
    static final int RATE = 48000;

    static float[] bounce(GrainModel m, int sync, long seed, long frames) {
        Instrument in = new Instrument();
        in.setParameter("sync", sync);
        in.load(ModelGenerator.material(m), new ModelGenerator(m, 0), seed);
        try (OfflineRenderer r = new OfflineRenderer(in, new AudioConfig(RATE, Bouncer.BLOCK_FRAMES, 1), true)) {
            r.setTempo(120);
            r.play(Bouncer.hold(Playback.NOTE, Playback.VELOCITY));
            return r.render(frames, Progress.NONE).channels()[0];
        }
    }

    @Test
    void hitsOfASyncedBounceStartOnTheBeat(@TempDir Path dir) throws Exception {
        List<ModelTrainer.Source> sources = new ArrayList<>();
        for (Clip c : CorpusLoader.load(DebianSamples.audioFiles(DebianSamples.lmms("drums")), RATE, e -> { }, Progress.NONE)) {
            sources.add(new ModelTrainer.Source(c.source(), c.audio()));
        }
        GrainModel m = ModelTrainer.train(sources, ModelTrainer.Options.defaults(RATE), Progress.NONE);
        long frames = 30L * RATE;
        double[] near = new double[2];
        for (int k = 0; k < 2; k++) {
            int sync = k == 0 ? InstrumentParams.SYNC_BEAT : InstrumentParams.SYNC_OFF;
            int onsets = 0;
            int onBeat = 0;
            for (long seed = 1; seed <= 3; seed++) {
                float[] x = bounce(m, sync, seed, frames);
                Texture t = Texture.of(new float[][] {x}, RATE);
                Path wav = dir.resolve("model-sync" + sync + "-" + seed + ".wav");
                WavWriter.write(wav, new AudioData(new float[][] {x}, RATE), SampleFormat.PCM_24);
                int n = 0;
                int b = 0;
                for (String line : Tools.check(60, "aubioonset", "-i", wav.toString(), "-H", "256").split("\n")) {
                    if (line.isBlank()) continue;
                    long f = Math.round(Double.parseDouble(line.trim()) * RATE);
                    if (f <= 0) continue; // aubio reports the file's first block of sound at 0
                    n++;
                    double beats = f / 24000.0;
                    if (Math.abs(beats - Math.rint(beats)) * 24000 <= 512) b++;
                }
                System.out.printf(Locale.ROOT, "drum machine, sync %d, seed %d: %d aubio onsets, %d within 512 frames of a beat; %s%n",
                        sync, seed, n, b, t.summary(m.texture()));
                assertTrue(t.silenceShare() < 0.6, "sync " + sync + " seed " + seed + " keeps playing: " + t.summary(m.texture()));
                onsets += n;
                onBeat += b;
            }
            near[k] = onBeat / (double) onsets;
        }
        // 512 frames either side of a beat is 4% of a beat's 24,000: by chance, about 4% of onsets.
        assertTrue(near[0] >= 0.6, "synced: " + near[0] + " of onsets on the beat");
        assertTrue(near[1] < near[0] / 3, "unsynced " + near[1] + " against synced " + near[0]);
    }
}
