package dev.ersatz.engine.bounce;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small corpus the project makes itself, for `ersatz demo` and examples: tones with drifting
 * partials, filtered-noise swells and percussive hits, synthesised from a fixed seed (so the same
 * bytes every time) and written as WAV files. Control thread.
 */
public final class DemoCorpus {
    public static final int RATE = 48000;
    private static final long SEED = 0x5EED_E25A7L;

    private DemoCorpus() { }

    /** Writes the corpus into {@code dir} (created if needed), unless it is already there; returns the files. */
    public static List<Path> write(Path dir) throws AudioFileException {
        List<AudioData> clips = synthesise();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            Path f = dir.resolve(String.format("demo-%02d.wav", i));
            if (!Files.isRegularFile(f)) WavWriter.write(f, clips.get(i), SampleFormat.PCM_24);
            files.add(f);
        }
        return files;
    }

    /** The clips, in memory. */
    public static List<AudioData> synthesise() {
        SplittableRandom r = new SplittableRandom(SEED);
        List<AudioData> out = new ArrayList<>();
        double[] roots = {110, 146.83, 164.81, 196, 220};
        for (double root : roots) out.add(mono(tone(root, 4.0, r.split())));
        for (int i = 0; i < 3; i++) out.add(mono(swell(3.0, 400 + 900 * i, r.split())));
        for (int i = 0; i < 3; i++) out.add(mono(hits(3.0, 2 + i, r.split())));
        return out;
    }

    /** Five partials with slow independent drift and a soft attack. */
    private static float[] tone(double hz, double seconds, SplittableRandom r) {
        int n = (int) (seconds * RATE);
        float[] x = new float[n];
        for (int k = 1; k <= 5; k++) {
            double amp = 0.35 / k;
            double drift = 0.002 * (r.nextDouble() - 0.5);
            double phase = r.nextDouble() * 2 * Math.PI;
            double lfo = 0.1 + 0.3 * r.nextDouble();
            for (int i = 0; i < n; i++) {
                double t = i / (double) RATE;
                double f = hz * k * (1 + drift * Math.sin(2 * Math.PI * lfo * t));
                phase += 2 * Math.PI * f / RATE;
                double env = Math.min(1, t / 0.3) * Math.min(1, (seconds - t) / 0.5);
                x[i] += (float) (amp * env * Math.sin(phase));
            }
        }
        return x;
    }

    /** Noise through a resonant band-pass whose centre rises and falls. */
    private static float[] swell(double seconds, double centre, SplittableRandom r) {
        int n = (int) (seconds * RATE);
        float[] x = new float[n];
        double y1 = 0;
        double y2 = 0;
        for (int i = 0; i < n; i++) {
            double t = i / (double) RATE;
            double f = centre * (1 + 0.5 * Math.sin(Math.PI * t / seconds));
            double q = 12;
            double w = 2 * Math.PI * f / RATE;
            double rad = Math.exp(-w / (2 * q));
            double in = 2 * r.nextDouble() - 1;
            double y = in * (1 - rad) + 2 * rad * Math.cos(w) * y1 - rad * rad * y2;
            y2 = y1;
            y1 = y;
            double env = Math.sin(Math.PI * t / seconds);
            x[i] = (float) (0.8 * env * y);
        }
        return x;
    }

    /** Decaying sine-and-noise hits on an uneven grid. */
    private static float[] hits(double seconds, int perSecond, SplittableRandom r) {
        int n = (int) (seconds * RATE);
        float[] x = new float[n];
        int step = RATE / perSecond;
        for (int start = 0; start < n; start += step) {
            int at = Math.min(n - 1, start + r.nextInt(step / 4 + 1));
            double f = 60 + 140 * r.nextDouble();
            double decay = 8 + 20 * r.nextDouble();
            for (int i = at; i < Math.min(n, at + RATE / 2); i++) {
                double t = (i - at) / (double) RATE;
                double env = Math.exp(-decay * t);
                x[i] += (float) (0.7 * env * (Math.sin(2 * Math.PI * f * t * (1 + 2 * env)) + 0.3 * (2 * r.nextDouble() - 1) * Math.exp(-60 * t)));
            }
        }
        return x;
    }

    private static AudioData mono(float[] x) { return new AudioData(new float[][] {x}, RATE); }
}
