package dev.ersatz.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.testing.DebianSamples;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The tempo decision on real sample packs from two Debian packages (lmms-common, sonic-pi-samples).
 * A loop's ground truth is its length: D seconds read as a power-of-two number of beats; a loop is
 * kept only when exactly one such reading lies in 70–180 BPM (so the truth is unambiguous) and it is
 * at least 1.5 s long. Drones and pads (Sonic Pi's ambi_*, its drone loop, LMMS's strings and pads)
 * have no pulse. Prints the per-file answers; the figures are in docs/BENCHMARKS.md.
 */
class TempoOnRealLoopsTest {
    /** Within 4% of the length-derived tempo. */
    static final double TOLERANCE = 0.04;

    /** The unique power-of-two-beats reading of {@code seconds} in 70–180 BPM, or -1 when none or two. */
    static double lengthTempo(double seconds) {
        double found = -1;
        int count = 0;
        for (int beats = 1; beats <= 64; beats *= 2) {
            double bpm = 60 * beats / seconds;
            if (bpm >= 70 && bpm <= 180) {
                found = bpm;
                count++;
            }
        }
        return count == 1 ? found : -1;
    }

    /** The drum, bass and synth loops of both packs; Sonic Pi's drone loop is a drone, not a rhythm. */
    static List<Path> loopFiles() {
        List<Path> out = new ArrayList<>();
        out.addAll(DebianSamples.audioFiles(DebianSamples.lmms("beats")));
        out.addAll(DebianSamples.audioFiles(DebianSamples.lmms("bassloops")));
        for (Path p : DebianSamples.audioFiles(DebianSamples.sonicPi())) {
            String n = p.getFileName().toString();
            if (n.startsWith("loop_") && !n.contains("drone")) out.add(p);
        }
        return out;
    }

    static List<Path> droneFiles() {
        List<Path> out = new ArrayList<>();
        for (Path p : DebianSamples.audioFiles(DebianSamples.sonicPi())) {
            String n = p.getFileName().toString();
            if (n.startsWith("ambi_") || n.startsWith("loop_drone")) out.add(p);
        }
        out.addAll(DebianSamples.audioFiles(DebianSamples.lmms("stringsnpads")));
        return out;
    }

    record Answer(Path file, double seconds, TempoEstimate tempo) { }

    static Answer analyze(Path f) {
        try {
            AudioData a = AudioFiles.read(f);
            return new Answer(f, a.frames() / (double) a.sampleRate(), Analyzer.analyze(a, Progress.NONE).tempo());
        } catch (AudioFileException e) {
            System.out.println("skipped: " + e.getMessage());   // e.g. an Ogg stream our decoder cannot read
            return null;
        }
    }

    static boolean near(double bpm, double truth) { return Math.abs(bpm / truth - 1) <= TOLERANCE; }

    @Test
    void theFirstCandidateIsTheLoopsOwnTempo() {
        int loops = 0, first = 0, some = 0, withTempo = 0;
        for (Path f : loopFiles()) {
            Answer a = analyze(f);
            if (a == null || a.seconds() < 1.5) continue;
            double truth = lengthTempo(a.seconds());
            if (truth < 0) continue;
            loops++;
            List<TempoCandidate> c = a.tempo().candidates();
            boolean isFirst = !c.isEmpty() && near(c.get(0).bpm(), truth);
            boolean isSome = c.stream().anyMatch(t -> near(t.bpm(), truth));
            if (isFirst) first++;
            if (isSome) some++;
            if (a.tempo().present()) withTempo++;
            System.out.printf(Locale.ROOT, "loop %-24s %5.2f s truth %6.1f  first %s  %s%n", f.getFileName(), a.seconds(), truth,
                    isFirst ? "yes" : isSome ? "some" : "no ", a.tempo().present() ? c.stream().map(TempoCandidate::bpm).toList() : a.tempo().absent());
        }
        System.out.printf(Locale.ROOT, "loops: %d; first candidate right %d (%.0f%%), some candidate %d (%.0f%%), a tempo %d (%.0f%%)%n",
                loops, first, 100.0 * first / loops, some, 100.0 * some / loops, withTempo, 100.0 * withTempo / loops);
        assertTrue(loops >= 20, "too few unambiguous loops: " + loops);
        assertTrue(first >= 0.7 * loops, "first candidate right for " + first + " of " + loops);
        assertTrue(some >= 0.9 * loops, "some candidate right for " + some + " of " + loops);
        assertTrue(withTempo >= 0.9 * loops, "a tempo for " + withTempo + " of " + loops + " rhythmic loops over 1.5 s");
    }

    @Test
    void dronesAndPadsHaveNoTempo() {
        int files = 0, none = 0;
        for (Path f : droneFiles()) {
            Answer a = analyze(f);
            if (a == null) continue;
            files++;
            TempoEstimate t = a.tempo();
            if (!t.present()) {
                none++;
                assertTrue(t.pulse() == 0 && t.family().isEmpty() && t.absent() != null, f + ": no tempo, so no pulse and a reason: " + t);
            }
            System.out.printf(Locale.ROOT, "drone %-24s %5.2f s  %s%n", f.getFileName(), a.seconds(),
                    t.present() ? t.candidates().get(0).bpm() + " BPM, pulse " + t.pulse() : t.absent());
        }
        System.out.printf(Locale.ROOT, "drones and pads: %d; no tempo %d (%.0f%%)%n", files, none, 100.0 * none / files);
        assertTrue(files >= 20, "too few drones: " + files);
        assertTrue(none >= 0.7 * files, "no tempo for only " + none + " of " + files);
    }
}
