package dev.ersatz.engine.resynth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.testing.DebianSamples;
import dev.ersatz.engine.testing.Tools;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recorded drum loop (sonic-pi's amen break) re-voiced with a Hydrogen drum kit: onsets, envelope, provenance, temperature, bad input. */
class ResynthesizerTest {
    static AudioData input;
    static CorpusUnits corpus;
    static UnitIndex index;
    @TempDir static Path dir;

    @BeforeAll
    static void load() throws Exception {
        input = AudioFiles.read(DebianSamples.sonicPi().resolve("loop_amen.flac"));
        List<Clip> clips = CorpusLoader.load(List.of(DebianSamples.hydrogenKit("ColomboAcousticDrumkit")), input.sampleRate(),
                e -> { throw new AssertionError(e.getMessage()); }, Progress.NONE);
        corpus = CorpusUnits.of(clips, input.sampleRate(), (int) (0.25 * input.sampleRate()), Progress.NONE);
        index = new UnitIndex(corpus.descriptors, corpus.count(), CorpusUnits.DIMS, UnitIndex.DEFAULT_TREES, 1);
    }

    static ResynthSource source() { return new ResynthSource(corpus, index); }

    /** A resynthesis through the live graph (an instrument under a {@link ResynthProcessor}), offline, with its choices. */
    record Run(AudioData audio, List<UnitStream.Choice> choices) { }

    static Run render(AudioData in, float temperature, float continuity, long seed) {
        return render(in, source(), java.util.Map.of("temperature", temperature, "resynth_continuity", continuity), seed);
    }

    static Run render(AudioData in, ResynthSource source, java.util.Map<String, Float> settings, long seed) {
        return render(in, source, settings, seed, new Instrument(), false);
    }

    static Run render(AudioData in, ResynthSource source, java.util.Map<String, Float> settings, long seed, Instrument instrument, boolean handOver) {
        settings.forEach(instrument::setParameter);
        ResynthProcessor r = new ResynthProcessor(instrument, instrument::parameter);
        r.handOver(handOver);
        List<UnitStream.Choice> choices = java.util.Collections.synchronizedList(new ArrayList<>());
        r.record(choices::add);
        r.load(source, seed);
        AudioData out = Resynthesizer.render(r, r, in, in.sampleRate(), Progress.NONE);
        return new Run(out, List.copyOf(choices));
    }

    static Run render(AudioData in, float temperature, long seed) { return render(in, temperature, 0.3f, seed); }

    static List<Double> aubioOnsets(Path f) {
        List<Double> out = new ArrayList<>();
        for (String line : Tools.check(60, "aubioonset", "-i", f.toString()).split("\n")) {
            if (!line.isBlank()) out.add(Double.parseDouble(line.trim()));
        }
        return out;
    }

    /** Mean-square per 20 ms window, as dB over a −80 dB floor. */
    static double[] envelope(float[] x, int rate) {
        int w = rate / 50;
        double[] e = new double[x.length / w];
        for (int i = 0; i < e.length; i++) {
            double s = 0;
            for (int j = 0; j < w; j++) s += (double) x[i * w + j] * x[i * w + j];
            e[i] = 10 * Math.log10(Math.max(1e-8, s / w));
        }
        return e;
    }

    static double correlation(double[] a, double[] b) {
        int n = Math.min(a.length, b.length);
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb + 1e-30);
    }

    static double correlation(float[] a, float[] b) {
        double[] x = new double[a.length], y = new double[b.length];
        for (int i = 0; i < a.length; i++) x[i] = a[i];
        for (int i = 0; i < b.length; i++) y[i] = b[i];
        return correlation(x, y);
    }

    @Test
    void onsetsAndEnvelopeFollowTheInputAndTheAudioIsTheCorpus() throws Exception {
        Run r = render(input, 0, 1);
        Path in = dir.resolve("in.wav"), out = dir.resolve("out.wav");
        WavWriter.write(in, input, SampleFormat.PCM_24);
        WavWriter.write(out, r.audio(), SampleFormat.PCM_24);
        List<Double> a = aubioOnsets(in), b = aubioOnsets(out);
        int hit = 0;
        for (double t : a) {
            for (double u : b) {
                if (Math.abs(u - t) <= 0.030) {
                    hit++;
                    break;
                }
            }
        }
        double share = hit / (double) a.size();
        double env = correlation(envelope(input.mono(), input.sampleRate()), envelope(r.audio().mono(), input.sampleRate()));
        double wave = Math.abs(correlation(input.mono(), r.audio().mono()));
        Set<Integer> units = new HashSet<>();
        for (UnitStream.Choice c : r.choices()) units.add(c.unit());
        System.out.printf("resynth amen × Colombo kit (%d units): aubio onsets in %d, out %d, matched within 30 ms %.1f%%; envelope r = %.3f; waveform |r| with input = %.3f; %d choices, %d distinct units%n",
                corpus.count(), a.size(), b.size(), 100 * share, env, wave, r.choices().size(), units.size());
        assertTrue(share >= 0.8, "onsets matched " + share + ": input " + a + " output " + b + " units at " + r.choices().stream().map(c -> c.frame() / (double) input.sampleRate()).toList());
        assertTrue(env > 0.7, "envelope correlation " + env);
        assertTrue(wave < 0.2, "the output is not the input: waveform correlation " + wave);
        // Provenance: the output is made of the corpus units chosen (each played from its start).
        for (UnitStream.Choice c : r.choices()) {
            assertTrue(c.unit() >= 0 && c.unit() < corpus.count());
        }
    }

    @Test
    void zeroTemperatureIsDeterministicAndNearest() {
        Run a = render(input, 0, 0, 1), b = render(input, 0, 0, 99);
        assertEquals(a.choices(), b.choices());
        assertTrue(java.util.Arrays.equals(a.audio().channels()[0], b.audio().channels()[0]));
        for (UnitStream.Choice c : a.choices()) {
            assertEquals(0, c.rank());
            assertEquals(c.nearestDistance(), c.distance());
        }
    }

    @Test
    void spreadGrowsWithTemperatureAndASeedRepeats() {
        double last = -1;
        StringBuilder figures = new StringBuilder();
        for (float t : new float[] {0f, 0.5f, 2f, 4f}) {
            Run r = render(input, t, 0, 5);
            double rank = 0;
            for (UnitStream.Choice c : r.choices()) rank += c.rank();
            rank /= r.choices().size();
            figures.append(String.format(" T=%.1f mean rank %.2f;", t, rank));
            assertTrue(rank > last || (t == 0 && rank == 0), "T " + t + ": mean rank " + rank + " after " + last);
            last = rank;
            if (t > 0) assertEquals(r.choices(), render(input, t, 0, 5).choices(), "same seed, same choices");
        }
        System.out.println("resynth spread:" + figures);
    }

    @Test
    void badInputNeverYieldsNaNOrBlowsUp() {
        int rate = input.sampleRate(), n = rate * 2;
        Random random = new Random(3);
        float[] nan = new float[n], inf = new float[n], dc = new float[n], noise = new float[n];
        for (int i = 0; i < n; i++) {
            nan[i] = i % 3 == 0 ? Float.NaN : 0.5f * (float) Math.sin(i * 0.05);
            inf[i] = i % 100 == 0 ? (i % 200 == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY) : 0.1f;
            dc[i] = 1f;
            noise[i] = (float) (2 * random.nextDouble() - 1);
        }
        for (float[] x : new float[][] {nan, inf, dc, noise}) {
            AudioData out = render(new AudioData(new float[][] {x, x}, rate), 1, 2).audio();
            double sum = 0;
            for (float[] ch : out.channels()) {
                for (float v : ch) {
                    assertTrue(Float.isFinite(v), "non-finite output");
                    assertTrue(Math.abs(v) <= 1f, "output beyond full scale: " + v);
                    sum += v * v;
                }
            }
            assertTrue(Math.sqrt(sum / (2.0 * n)) < 0.9, "output rms " + Math.sqrt(sum / (2.0 * n)));
        }
    }

    /** An exact rule on synthetic tones: timbre alone picks the nearest frequency, the pitch weight the same pitch class. */
    @Test
    void thePitchWeightPrefersTheInputsPitchClass() {
        int rate = 44100;
        List<Clip> tones = new ArrayList<>();
        for (double hz : new double[] {261.63, 329.63, 440.0}) { // C4, E4, A4
            float[] x = new float[rate];
            for (int i = 0; i < rate; i++) x[i] = 0.4f * (float) Math.sin(2 * Math.PI * hz * i / rate);
            tones.add(new Clip(Path.of(hz + ".wav"), new AudioData(new float[][] {x}, rate)));
        }
        ResynthSource src = ResynthSource.of(tones, rate, rate / 4, 1, Progress.NONE);
        float[] a3 = new float[2 * rate];
        for (int i = 0; i < a3.length; i++) a3[i] = 0.4f * (float) Math.sin(2 * Math.PI * 220.0 * i / rate);
        AudioData in = new AudioData(new float[][] {a3}, rate);
        int[] byTimbre = new int[3], byPitch = new int[3];
        for (UnitStream.Choice c : render(in, src, java.util.Map.of("temperature", 0f, "resynth_continuity", 0f), 1).choices()) byTimbre[src.units().clip[c.unit()]]++;
        for (UnitStream.Choice c : render(in, src, java.util.Map.of("temperature", 0f, "resynth_continuity", 0f, "weight_pitch", 4f), 1).choices()) byPitch[src.units().clip[c.unit()]]++;
        System.out.printf("resynth pitch weight: an A3 input picks C4/E4/A4 units %s by timbre, %s with weight_pitch 4%n",
                java.util.Arrays.toString(byTimbre), java.util.Arrays.toString(byPitch));
        assertTrue(byTimbre[0] > byTimbre[2], "timbre alone: the nearest frequency (C4) " + java.util.Arrays.toString(byTimbre));
        assertTrue(byPitch[2] > byPitch[0] + byPitch[1], "the pitch class (A4) " + java.util.Arrays.toString(byPitch));
    }

    /** Median of aubiopitch's voiced frames (yin, our window and threshold), as a MIDI note. */
    static double aubioPitch(Path f) {
        List<Double> hz = new ArrayList<>();
        for (String line : Tools.check(60, "aubiopitch", "-i", f.toString(), "-p", "yin", "-B", "2048", "-H", "512", "-l", "0.3", "-s", "-50", "-u", "hz")
                .split("\n")) {
            String[] f2 = line.trim().split("\\s+");
            if (f2.length == 2 && Double.parseDouble(f2[1]) > 0) hz.add(Double.parseDouble(f2[1]));
        }
        java.util.Collections.sort(hz);
        return hz.isEmpty() ? Double.NaN : 69 + 12 * Math.log(hz.get(hz.size() / 2) / 440) / Math.log(2);
    }

    static double pitchClassCents(double a, double b) {
        double d = (a - b) * 100;
        d -= 1200 * Math.rint(d / 1200);
        return Math.abs(d);
    }

    @Test
    void pitchFollowTransposesTheCorpusTowardTheInputsPitch() throws Exception {
        // The input a glass hum (A2, 110 Hz), the corpus one bass note (C2, 65 Hz): following, the bass plays A.
        AudioData hum = AudioFiles.read(DebianSamples.sonicPi().resolve("ambi_glass_hum.flac"));
        AudioData in = new AudioData(new float[][] {java.util.Arrays.copyOf(hum.mono(), Math.min(hum.frames(), 4 * hum.sampleRate()))}, hum.sampleRate());
        List<Clip> bass = CorpusLoader.load(List.of(DebianSamples.sonicPi().resolve("bass_thick_c.flac")), in.sampleRate(),
                e -> { throw new AssertionError(e.getMessage()); }, Progress.NONE);
        ResynthSource src = ResynthSource.of(bass, in.sampleRate(), (int) (0.25 * in.sampleRate()), 1, Progress.NONE);
        Path inFile = dir.resolve("hum.wav"), still = dir.resolve("still.wav"), followed = dir.resolve("followed.wav");
        WavWriter.write(inFile, in, SampleFormat.PCM_24);
        WavWriter.write(still, render(in, src, java.util.Map.of("temperature", 0f, "max_gain", 12f), 1).audio(), SampleFormat.PCM_24);
        WavWriter.write(followed, render(in, src, java.util.Map.of("temperature", 0f, "max_gain", 12f, "pitch_follow", 1f), 1).audio(), SampleFormat.PCM_24);
        double pIn = aubioPitch(inFile), pStill = aubioPitch(still), pFollowed = aubioPitch(followed);
        System.out.printf("resynth pitch follow (aubiopitch medians, MIDI): input %.2f, corpus played as it is %.2f, followed %.2f; "
                + "pitch-class distance to the input %.0f and %.0f cents%n", pIn, pStill, pFollowed, pitchClassCents(pStill, pIn), pitchClassCents(pFollowed, pIn));
        assertTrue(pitchClassCents(pStill, 36) < 50, "without follow the bass plays its own C: " + pStill);
        assertTrue(pitchClassCents(pFollowed, pIn) < 50, "following, the bass plays the input's pitch class: " + pFollowed + " against " + pIn);
    }

    @Test
    void whenTheInputFallsSilentTheOutputDoesTooUnlessHoldKeepsTheTextureGoing() {
        int rate = input.sampleRate(), silence = 3 * rate;
        float[] x = java.util.Arrays.copyOf(input.mono(), input.frames() + silence); // the loop, then 3 s of nothing
        AudioData in = new AudioData(new float[][] {x}, rate);
        Run off = render(in, source(), java.util.Map.of("temperature", 0.5f), 4);
        Run on = render(in, source(), java.util.Map.of("temperature", 0.5f, "hold", 1f), 4);
        int from = input.frames() + rate / 2; // past the last hit's tail
        double rmsOff = rms(off.audio().mono(), from), rmsOn = rms(on.audio().mono(), from), rmsLoop = rms(on.audio().mono(), 0, input.frames());
        long held = on.choices().stream().filter(UnitStream.Choice::held).count();
        System.out.printf("resynth hold: after the input stops, rms %.5f without hold, %.4f with (the loop's %.4f); %d units held%n", rmsOff, rmsOn, rmsLoop, held);
        assertTrue(rmsOff < 1e-4, "silent with the input: " + rmsOff);
        assertTrue(rmsOn > 0.1 * rmsLoop, "hold keeps the texture going: " + rmsOn + " against the loop's " + rmsLoop);
        assertTrue(held >= 5, "units matched to the last texture: " + held);
    }

    /** The "a learned model may continue": a model trained on the kit takes over when the input falls silent, with hold. */
    @Test
    void withALearnedModelHoldHandsTheSilenceOverToTheModel() throws Exception {
        int rate = input.sampleRate(), silence = 3 * rate;
        float[] x = java.util.Arrays.copyOf(input.mono(), input.frames() + silence);
        AudioData in = new AudioData(new float[][] {x}, rate);
        List<Clip> clips = CorpusLoader.load(List.of(DebianSamples.hydrogenKit("ColomboAcousticDrumkit")), rate,
                e -> { throw new AssertionError(e.getMessage()); }, Progress.NONE);
        dev.ersatz.engine.session.KindPrograms.Playable model = dev.ersatz.engine.session.KindPrograms.build(
                dev.ersatz.engine.preset.GeneratorKind.MODEL, clips, new dev.ersatz.engine.session.TrainedModels(dir.resolve("models")), 0, Progress.NONE);
        Instrument withModel = new Instrument();
        withModel.load(model.material(), model.generator(), 3);
        Run on = render(in, source(), java.util.Map.of("temperature", 0.5f, "hold", 1f), 4, withModel, true);
        Instrument again = new Instrument();
        again.load(model.material(), model.generator(), 3);
        Run off = render(in, source(), java.util.Map.of("temperature", 0.5f), 4, again, true);
        int from = input.frames() + rate / 2;
        double rmsOn = rms(on.audio().mono(), from), rmsOff = rms(off.audio().mono(), from), rmsLoop = rms(on.audio().mono(), 0, input.frames());
        long decidedAfter = on.choices().stream().filter(c -> c.frame() >= input.frames() + rate / 4 && c.held()).count();
        System.out.printf("resynth hold with a model: after the input stops, rms %.4f (the model) against %.5f without hold; the loop's %.4f; model voices at the end %d%n",
                rmsOn, rmsOff, rmsLoop, withModel.voicesSounding());
        assertTrue(rmsOff < 1e-4, "without hold the model stays quiet: " + rmsOff);
        assertTrue(rmsOn > 0.05 * rmsLoop, "the model plays on: " + rmsOn);
        assertTrue(withModel.voicesSounding() >= 1, "a model voice holds the texture");
        assertTrue(decidedAfter > 0, "the worker still matched the silent units to the last texture");
    }

    static double rms(float[] x, int from) { return rms(x, from, x.length); }

    static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += (double) x[i] * x[i];
        return Math.sqrt(s / Math.max(1, to - from));
    }

    @Test
    void theIndexFindsTheExactNearestForMostQueries() {
        UnitMatcher m = new UnitMatcher(index);
        int same = 0;
        for (int u = 0; u < corpus.count(); u++) {
            int got = m.match(corpus.descriptors, u * CorpusUnits.DIMS, 0, 1, -1, 0, new java.util.SplittableRandom(1));
            if (got == m.exactNearest(corpus.descriptors, u * CorpusUnits.DIMS)) same++;
        }
        System.out.printf("resynth index: exact nearest for %d of %d corpus units queried%n", same, corpus.count());
        assertTrue(same >= 0.9 * corpus.count(), same + " of " + corpus.count());
    }
}
