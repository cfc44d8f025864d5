package dev.ersatz.bridge.cli;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.bounce.DemoCorpus;
import dev.ersatz.engine.bounce.Timeline;
import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * `ersatz demo`: makes a small corpus of its own (tones, noise swells, hits; the same every time),
 * plays a short phrase over it with the live engine offline, and writes the texture. Main thread.
 */
@CommandLine.Command(name = "demo",
        customSynopsis = "usage: ersatz demo [-o ersatz-demo.wav] [--seconds 20] [--seed 1]",
        description = {"render a texture from a built-in corpus (no files needed)",
                "Synthesises a small demo corpus into the cache folder (the same files every time), plays a",
                "phrase of notes and mod-wheel moves over it and writes the result."})
public final class DemoCommand implements Command {
    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "the WAV file to write (default ersatz-demo.wav in this folder)")
    Path out;

    @CommandLine.Option(names = "--seconds", paramLabel = "S", description = "length, 2 to 600 (default 20)")
    double seconds = 20;

    @CommandLine.Option(names = "--seed", paramLabel = "N", description = "random seed (default 1)")
    long seed = 1;

    @Override
    public int run(Console io) throws Exception {
        OptionRange.check("demo", "--seconds", seconds, 2, 600);
        Path out = this.out == null ? Path.of("ersatz-demo.wav") : this.out;
        int rate = DemoCorpus.RATE;
        Path dir = corpusDir();
        List<Path> files = DemoCorpus.write(dir);
        Description d = Description.of(Sources.corpus(files)).withRate(rate).withSeed(seed)
                .withOverride("density", 12).withOverride("grain", 300).withOverride("release", 1500)
                .withOverride("pan_spread", 0.8).withOverride("gain", -6);
        long frames = Math.round(seconds * rate);
        AudioData audio = BounceCommand.bounce(d, InstrumentSession.Score.of(phrase(frames, rate), seconds), io, "demo").audio();
        WavWriter.write(out, audio, SampleFormat.PCM_24);
        io.out().println(BounceCommand.describe(out, audio, SampleFormat.PCM_24));
        io.out().println("demo corpus: " + dir);
        return 0;
    }

    /** A slow chord sequence with the mod wheel (temperature) rising and falling over the whole length. */
    static Timeline phrase(long frames, int rate) {
        Timeline.Builder t = new Timeline.Builder();
        int[][] chords = {{48, 55, 60}, {46, 53, 62}, {43, 50, 58}, {45, 52, 60}};
        long chordLen = Math.max(rate, frames / 4);
        int i = 0;
        for (long at = 0; at < frames; at += chordLen, i++) {
            long end = Math.min(frames - rate / 2, at + chordLen - rate / 4);
            for (int n : chords[i % chords.length]) {
                t.noteOn(at, 0, n, 90);
                if (end > at) t.noteOff(end, 0, n);
            }
        }
        for (int k = 0; k <= 32; k++) {
            long at = frames * k / 33;
            int wheel = (int) Math.round(127 * 0.5 * (1 - Math.cos(2 * Math.PI * k / 32.0)) * 0.6);
            t.cc(at, 0, 1, wheel);
        }
        return t.build();
    }

    /** The cache folder for the demo corpus ($XDG_CACHE_HOME/ersatz/demo-corpus), or a temp folder. */
    static Path corpusDir() throws java.io.IOException {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        Path dir = base.resolve("ersatz").resolve("demo-corpus");
        try {
            Files.createDirectories(dir);
            if (Files.isWritable(dir)) return dir;
        } catch (java.io.IOException | SecurityException e) {
            // fall through to a temp folder
        }
        return Files.createTempDirectory("ersatz-demo-corpus");
    }
}
