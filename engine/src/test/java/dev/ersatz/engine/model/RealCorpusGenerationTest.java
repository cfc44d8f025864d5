package dev.ersatz.engine.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.analysis.Interval;
import dev.ersatz.engine.analysis.Texture;
import dev.ersatz.engine.analysis.Trim;
import dev.ersatz.engine.analysis.TrimOptions;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.testing.DebianSamples;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The learned generator on real sample packs (Debian's lmms-common and hydrogen-drumkits), played as
 * `ersatz bounce --model` plays it: 30-second bounces sound like their corpus. At T = 1 they are no
 * more silent than the corpus (files trimmed as ersatz trim trims them) by 10 points, hold no
 * silence longer than twice the corpus's longest in-file silence (at least 2 s allowed), and are
 * frozen (a grain or a cycle held) in at most 15% of their 1-second windows; from T = 0.5 to
 * T = 1.5 the onset rate and the spectral centroid rise (means over six seeds). The fourth corpus is one long take with
 * silent gaps between real hits: its bounce has the take's silences, as the take has them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealCorpusGenerationTest {
    static final int RATE = 48000;
    static final long[] SEEDS = {1, 2, 3, 4, 5, 6};
    private final Map<String, GrainModel> models = new LinkedHashMap<>();

    @BeforeAll
    void train() {
        // Drum, bass and synth loops with string pads; drum-machine one-shots; an acoustic kit's
        // stereo one-shots with long decays and silent tails.
        models.put("loops-and-pads", train(List.of(DebianSamples.lmms("beats"), DebianSamples.lmms("bassloops"), DebianSamples.lmms("stringsnpads"))));
        models.put("drum-machine", train(List.of(DebianSamples.lmms("drums"))));
        models.put("acoustic-kit", train(List.of(DebianSamples.hydrogenKit("ColomboAcousticDrumkit"))));
        models.put("take-with-gaps", ModelTrainer.train(List.of(new ModelTrainer.Source(Path.of("take.wav"), takeWithGaps())),
                ModelTrainer.Options.defaults(RATE), Progress.NONE));
    }

    /**
     * A long take with silent gaps, as a producer's own recording session has them: the kit's real
     * hits, trimmed, one after another with 0.2 to 1.5 s of silence between them (seeded).
     */
    static AudioData takeWithGaps() {
        List<Clip> hits = CorpusLoader.load(DebianSamples.audioFiles(DebianSamples.hydrogenKit("ColomboAcousticDrumkit")), RATE, e -> { }, Progress.NONE);
        java.util.Random r = new java.util.Random(11);
        List<float[]> parts = new ArrayList<>();
        for (int k = 0; k < 60; k++) {
            float[] x = hits.get(r.nextInt(hits.size())).audio().mono();
            Interval t = Trim.trim(new float[][] {x}, TrimOptions.DEFAULT);
            parts.add(java.util.Arrays.copyOfRange(x, t.start(), t.end()));
            parts.add(new float[(int) ((0.2 + 1.3 * r.nextDouble()) * RATE)]);
        }
        return new AudioData(new float[][] {dev.ersatz.engine.testing.Signals.concat(parts.toArray(new float[0][]))}, RATE);
    }

    private static GrainModel train(List<Path> dirs) {
        List<Path> files = new ArrayList<>();
        for (Path d : dirs) files.addAll(DebianSamples.audioFiles(d));
        List<ModelTrainer.Source> sources = new ArrayList<>();
        // LMMS ships one drum sample that is not what its name says (kick04.ogg is a RIFF file of an unknown
        // encoding): skipped, as ersatz train skips it.
        for (Clip c : CorpusLoader.load(files, RATE, e -> { }, Progress.NONE)) sources.add(new ModelTrainer.Source(c.source(), c.audio()));
        assertTrue(sources.size() >= 20, "clips read from " + dirs + ": " + sources.size());
        return ModelTrainer.train(sources, ModelTrainer.Options.defaults(RATE), Progress.NONE);
    }

    private static Texture bounce(GrainModel m, double t, long seed) {
        Playback.Take take = Playback.play(m, 30, t, seed, 0);
        return Texture.of(take.audio().channels(), take.audio().sampleRate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"loops-and-pads", "drum-machine", "acoustic-kit", "take-with-gaps"})
    void atTemperatureOneABounceIsAsSilentAsItsCorpusAndNeverFreezes(String corpus) {
        assertSoundsLikeItsCorpus(models.get(corpus), corpus, SEEDS);
    }

    /** 30-second bounces at T = 1: silence within 10 points, no silence over twice the corpus's longest (2 s allowed), at most 15% frozen. */
    private static void assertSoundsLikeItsCorpus(GrainModel m, String label, long[] seeds) {
        Texture c = m.texture();
        double allowed = Math.max(2.0, 2 * c.longestSilence());
        for (long seed : seeds) {
            Texture b = bounce(m, 1, seed);
            String what = String.format(Locale.ROOT, "%s, seed %d: %s", label, seed, b.summary(c));
            System.out.println(what);
            assertTrue(Math.abs(b.silenceShare() - c.silenceShare()) <= 0.10, "silence share within 10 points: " + what);
            assertTrue(b.longestSilence() <= allowed, "longest silence at most " + allowed + " s: " + what);
            assertTrue(b.frozenShare() <= 0.15, "at most 15% frozen windows: " + what);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"drum-machine", "take-with-gaps"})
    void theRecurrentNetworkKeepsTheCorpusSilencesToo(String corpus) {
        // The GRU (ersatz train --neural) learns the phrase boundaries as the Markov model does.
        assertSoundsLikeItsCorpus(withNetwork(corpus), corpus + " with the network", new long[] {1, 2, 3});
    }

    private final Map<String, GrainModel> networks = new LinkedHashMap<>();

    /** The corpus's model with a recurrent network (6 epochs), trained once per test class. */
    private GrainModel withNetwork(String corpus) {
        return networks.computeIfAbsent(corpus, c -> {
            GrainModel base = models.get(c);
            return base.withNeural(NeuralModel.train(base.sequences(), base.tokens(), NeuralModel.DEFAULT_HIDDEN, 6, 1, Progress.NONE));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"loops-and-pads", "drum-machine", "acoustic-kit", "take-with-gaps"})
    void aHotterGeneratorMakesMoreOnsetsAndHigherFrequencies(String corpus) {
        assertHotterIsBusierAndBrighter(models.get(corpus), corpus);
    }

    @ParameterizedTest
    @ValueSource(strings = {"drum-machine"})
    void aHotterNetworkMakesMoreOnsetsAndHigherFrequenciesToo(String corpus) {
        assertHotterIsBusierAndBrighter(withNetwork(corpus), corpus + " with the network");
    }

    /** Means over six seeds of 30-second bounces: onset rate and spectral centroid higher at T = 1.5 than at T = 0.5. */
    private static void assertHotterIsBusierAndBrighter(GrainModel m, String corpus) {
        double coolOnsets = 0, hotOnsets = 0, coolCentroid = 0, hotCentroid = 0;
        for (long seed : SEEDS) {
            Texture cool = bounce(m, 0.5, seed), hot = bounce(m, 1.5, seed);
            coolOnsets += cool.onsetRate() / SEEDS.length;
            hotOnsets += hot.onsetRate() / SEEDS.length;
            coolCentroid += cool.centroidHz() / SEEDS.length;
            hotCentroid += hot.centroidHz() / SEEDS.length;
        }
        String what = String.format(Locale.ROOT, "%s: onsets/s %.2f at T = 0.5, %.2f at T = 1.5 (corpus %.2f); centroid %.0f Hz, %.0f Hz (corpus %.0f Hz)",
                corpus, coolOnsets, hotOnsets, m.texture().onsetRate(), coolCentroid, hotCentroid, m.texture().centroidHz());
        System.out.println(what);
        assertTrue(hotOnsets > coolOnsets, "onsets/s rise from T = 0.5 to T = 1.5: " + what);
        assertTrue(hotCentroid > coolCentroid, "the spectral centroid rises from T = 0.5 to T = 1.5: " + what);
    }
}
