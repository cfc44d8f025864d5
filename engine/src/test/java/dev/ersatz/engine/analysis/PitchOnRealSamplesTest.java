package dev.ersatz.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.testing.DebianSamples;
import dev.ersatz.engine.testing.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@link PitchEstimator} on Sonic Pi's pitched samples (sonic-pi-samples: bass_*, ambi_*, the guitar
 * and the G drone and glitch bass) against aubio's {@code aubiopitch} (aubio-tools) run on the same
 * file with the same window, hop, threshold and silence gate ({@code -p yin -B 2048 -H 512 -l 0.3
 * -s -70}), and against aubio's default {@code yinfft}; Sonic Pi's untuned drums (cymbals, snares)
 * are unvoiced, its kicks low.
 * A file's pitch is the median over its voiced frames (aubio's restricted to our 40–2000 Hz range: its
 * yin has none). Prints the table it measured; the figures are in docs/bench/analysis.md.
 */
class PitchOnRealSamplesTest {
    static final int WINDOW = 2048, HOP = 512;
    static final double AGREE_CENTS = 50;

    static double cents(double hz, double truth) { return 1200 * Math.log(hz / truth) / Math.log(2); }

    static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    /** Our frames: window i starts at i·HOP. NaN for unvoiced. Also counts the frames over the silence gate. */
    record Ours(double[] hz, int loud) {
        double[] voiced() { return Arrays.stream(hz).filter(h -> !Double.isNaN(h)).toArray(); }
    }

    static Ours ours(float[] x, int rate) {
        PitchEstimator p = new PitchEstimator(WINDOW, rate);
        int frames = Math.max(1, (x.length - WINDOW) / HOP + 1);
        double[] hz = new double[frames];
        int loud = 0;
        double gate = Math.pow(10, PitchEstimator.SILENCE_DB / 10);
        for (int i = 0; i < frames; i++) {
            int from = i * HOP, n = Math.min(WINDOW, x.length - from);
            hz[i] = p.estimate(x, from, n);
            double e = 0;
            for (int j = 0; j < n; j++) e += x[from + j] * x[from + j];
            if (e / WINDOW > gate) loud++;
        }
        return new Ours(hz, loud);
    }

    /** aubiopitch's pitch per frame (0 when it found none), frame i ending at sample (i + 1)·HOP. */
    static double[] aubio(Path f, String... method) {
        List<String> cmd = new ArrayList<>(List.of("aubiopitch", "-i", f.toString(), "-B", "" + WINDOW, "-H", "" + HOP));
        cmd.addAll(List.of(method));
        String out = Tools.check(120, cmd.toArray(String[]::new));
        return out.lines().filter(l -> !l.isBlank()).mapToDouble(l -> Double.parseDouble(l.trim().split("\\s+")[1])).toArray();
    }

    static double[] inRange(double[] hz) {
        return Arrays.stream(hz).filter(h -> h >= PitchEstimator.DEFAULT_MIN_HZ && h <= PitchEstimator.DEFAULT_MAX_HZ).toArray();
    }

    /** The note class a Sonic Pi name ends in (bass_hard_c → C), in semitones from C, or -1. */
    static int namedNote(String name) {
        String base = name.replaceAll("\\.[a-z0-9]+$", "");
        String[] parts = base.split("_");
        for (int i = parts.length - 1; i >= 1; i--) {
            if (parts[i].matches("[a-g]")) return new int[] {9, 11, 0, 2, 4, 5, 7}[parts[i].charAt(0) - 'a'];
        }
        return -1;
    }

    /** Distance in cents from hz to the nearest pitch of note class {@code note} (any octave). */
    static double centsToNote(double hz, int note) {
        double c = (PitchEstimator.midi(hz) - note) * 100;
        double r = c - 1200 * Math.floor(c / 1200);
        return Math.min(r, 1200 - r);
    }

    static List<Path> pitchedFiles() {
        List<Path> out = new ArrayList<>();
        for (Path p : DebianSamples.audioFiles(DebianSamples.sonicPi())) {
            String n = p.getFileName().toString();
            if (n.startsWith("bass_") || n.startsWith("ambi_") || n.startsWith("guit_") || n.equals("glitch_bass_g.flac") || n.equals("loop_drone_g_97.flac")) out.add(p);
        }
        return out;
    }

    /** Sonic Pi's drum one-shots: bd_*, sn_*, drum_*. */
    static List<Path> drumFiles() {
        List<Path> out = new ArrayList<>();
        for (Path p : DebianSamples.audioFiles(DebianSamples.sonicPi())) {
            String n = p.getFileName().toString();
            if (n.startsWith("bd_") || n.startsWith("sn_") || n.startsWith("drum_")) out.add(p);
        }
        return out;
    }

    /** Drums that are tuned: kicks (a decaying sine, an 808's at ~50 Hz), toms, the cowbell. */
    static boolean tunedDrum(String name) {
        return name.startsWith("bd_") || name.contains("_bass_") || name.contains("kick") || name.contains("_tom_") || name.contains("cowbell");
    }

    static AudioData read(Path f) {
        try {
            return AudioFiles.read(f);
        } catch (AudioFileException e) {
            throw new AssertionError(f + ": " + e.getMessage(), e);
        }
    }

    @Test
    void theMedianPitchAgreesWithAubio() {
        int files = 0, agreeYin = 0, agreeYinFft = 0, named = 0, onNote = 0;
        System.out.printf(Locale.ROOT, "%-22s %7s %9s %9s %7s %9s %7s %6s%n", "file", "voiced", "ours Hz", "yin Hz", "cents", "yinfft Hz", "cents", "note");
        for (Path f : pitchedFiles()) {
            AudioData a = read(f);
            Ours o = ours(a.mono(), a.sampleRate());
            double mine = median(o.voiced());
            double yin = median(inRange(aubio(f, "-p", "yin", "-l", "" + PitchEstimator.DEFAULT_THRESHOLD, "-s", "-70")));
            double yinFft = median(inRange(aubio(f, "-p", "yinfft", "-s", "-70")));
            files++;
            double cYin = cents(mine, yin), cFft = cents(mine, yinFft);
            if (Math.abs(cYin) <= AGREE_CENTS) agreeYin++;
            if (Math.abs(cFft) <= AGREE_CENTS) agreeYinFft++;
            int note = namedNote(f.getFileName().toString());
            String noteText = "";
            if (note >= 0) {
                named++;
                double c = centsToNote(mine, note);
                if (c <= AGREE_CENTS) onNote++;
                noteText = String.format(Locale.ROOT, "%.0f", c);
            }
            System.out.printf(Locale.ROOT, "%-22s %3d/%3d %9.2f %9.2f %+7.0f %9.2f %+7.0f %6s%n", f.getFileName(), o.voiced().length, o.hz().length,
                    mine, yin, cYin, yinFft, cFft, noteText);
        }
        System.out.printf(Locale.ROOT, "pitched files: %d; median within %.0f cents of aubio yin: %d, of aubio yinfft: %d; named note (any octave) within %.0f cents: %d of %d%n",
                files, AGREE_CENTS, agreeYin, agreeYinFft, AGREE_CENTS, onNote, named);
        assertTrue(files >= 20, "too few pitched files: " + files);
        assertTrue(agreeYin >= 0.7 * files, "within " + AGREE_CENTS + " cents of aubio yin on " + agreeYin + " of " + files);
    }

    /**
     * Cymbals, snares and the roll (noise) are unvoiced in nearly all their frames; kicks and toms are
     * tuned (a kick is a falling sine, a tom a ringing membrane), so they are voiced, kicks under 100 Hz.
     */
    @Test
    void untunedDrumsAreUnvoicedAndKicksLow() {
        int untuned = 0, untunedFrames = 0, untunedVoiced = 0, mostlyUnvoiced = 0, kicks = 0, lowKicks = 0;
        for (Path f : drumFiles()) {
            String name = f.getFileName().toString();
            AudioData a = read(f);
            Ours o = ours(a.mono(), a.sampleRate());
            int voiced = o.voiced().length;
            double median = median(o.voiced());
            boolean tuned = tunedDrum(name);
            if (!tuned) {
                untuned++;
                untunedFrames += o.loud();
                untunedVoiced += voiced;
                if (voiced < 0.5 * Math.max(1, o.loud())) mostlyUnvoiced++;
            } else if (name.startsWith("bd_") || name.contains("kick") || name.contains("_bass_")) {
                kicks++;
                if (median < 100) lowKicks++;
            }
            System.out.printf(Locale.ROOT, "drum %-24s %-7s voiced %3d of %3d loud frames, median %6.1f Hz%n", name, tuned ? "tuned" : "untuned", voiced, o.loud(), median);
        }
        System.out.printf(Locale.ROOT, "untuned drums: %d files, %d of their %d loud frames voiced (%.1f%%), %d files mostly unvoiced; kicks with a median under 100 Hz: %d of %d%n",
                untuned, untunedVoiced, untunedFrames, 100.0 * untunedVoiced / untunedFrames, mostlyUnvoiced, lowKicks, kicks);
        assertTrue(untuned >= 10, "too few untuned drums: " + untuned);
        assertTrue(mostlyUnvoiced == untuned, "mostly unvoiced: " + mostlyUnvoiced + " of " + untuned);
        assertTrue(untunedVoiced <= 0.2 * untunedFrames, "untuned drums voiced in " + untunedVoiced + " of " + untunedFrames + " frames");
        assertTrue(lowKicks >= 0.9 * kicks, "kicks under 100 Hz: " + lowKicks + " of " + kicks);
    }
}
