package dev.ersatz.bridge.cli;

import dev.ersatz.engine.analysis.Interval;
import dev.ersatz.engine.analysis.Trim;
import dev.ersatz.engine.analysis.TrimOptions;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.chain.ChainMaker;
import dev.ersatz.engine.chain.ClipFeatures;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.util.Json;
import java.io.IOException;
import dev.ersatz.engine.util.AtomicText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * `ersatz chain INPUT... -o OUT.wav`: cuts the inputs into clips, orders them by similarity and
 * renders one piece with aligned equal-power joins; OUT.json beside it says what went where.
 * Control (main) thread.
 */
@CommandLine.Command(name = "chain",
        customSynopsis = {"usage: ersatz chain INPUT... -o OUT.wav [--by fingerprint|timbre|mix] [--temperature T] [--seed N]",
                "                    [--crossfade-ms M] [--top-db D] [--min-clip-ms L] [--cut-at onsets|beats|none]"},
        description = {"order clips by similarity into one piece with crossfaded joins (+ OUT.json)",
                "INPUTs are audio files or folders (searched recursively). Each file is split at its silences",
                "(librosa effects.split) into clips; clips shorter than --min-clip-ms are dropped. The clips are",
                "ordered so that neighbours are as similar as possible and joined with equal-power crossfades,",
                "each join moved (within --align-ms) to where the two clips line up best. OUT.json lists the",
                "clips in order with their source, start and end (samples at the source's rate), and compares",
                "the chain's mean adjacent similarity with the naive pair-by-pair order's."})
public final class ChainCommand implements Command {
    private static final ChainMaker.Options DEFAULTS = ChainMaker.Options.DEFAULT;

    @CommandLine.Parameters(paramLabel = "INPUT", arity = "1..*", description = "audio files or folders")
    List<String> inputNames = new ArrayList<>();

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "the WAV to write (required); the report goes to the same name with .json")
    Path out;

    @CommandLine.Option(names = "--by", paramLabel = "MEASURE", description = {"fingerprint (chromaprint bit agreement, default), timbre (MFCC, chroma,",
            "loudness, onset rate) or mix (the mean of the two)"})
    String by = DEFAULTS.by().id();

    @CommandLine.Option(names = "--temperature", paramLabel = "T", description = {"0 (default): the best order; above 0: a walk drawing each next clip from",
            "softmax(similarity / T)"})
    double temperature = 0;

    @CommandLine.Option(names = "--seed", paramLabel = "N", description = "seed of the walk (default 0); the same seed gives the same file")
    long seed = 0;

    @CommandLine.Option(names = "--crossfade-ms", paramLabel = "M", description = "length of each join (default 50)")
    double crossfade = DEFAULTS.crossfadeMs();

    @CommandLine.Option(names = "--align-ms", paramLabel = "A", description = "how far a join may move to line the clips up (default 20; 0: no alignment)")
    double align = DEFAULTS.alignMs();

    @CommandLine.Option(names = "--top-db", paramLabel = "D", description = "a frame is silent this many dB below the loudest (default 60)")
    double topDb = DEFAULTS.trim().topDb();

    @CommandLine.Option(names = "--min-clip-ms", paramLabel = "L", description = "drop clips shorter than this (default 500)")
    double minClip = DEFAULTS.minClipMs();

    @CommandLine.Option(names = "--cut-at", paramLabel = "WHERE", description = {"onsets or beats: start clips on attacks and cut long clips there",
            "(see max-clip-ms); none (default): keep each clip whole"})
    String cutAt = "none";

    @CommandLine.Option(names = "--max-clip-ms", paramLabel = "X", description = "the longest clip before it is cut at an onset or beat (default 8000)")
    double maxClip = DEFAULTS.maxClipMs();

    @CommandLine.Option(names = "--format", paramLabel = "FMT", description = "16, 24 (default) or 32f")
    String format = "24";

    @Override
    public int run(Console io) throws Exception {
        ChainMaker.Options d = DEFAULTS;
        ClipFeatures.Measure by;
        ChainMaker.CutAt cutAt;
        SampleFormat format;
        try {
            by = ClipFeatures.Measure.parse(this.by);
            cutAt = ChainMaker.CutAt.parse(this.cutAt);
            format = SampleFormat.parse(this.format);
        } catch (IllegalArgumentException e) {
            throw CliError.usage("chain: " + e.getMessage());
        }
        OptionRange.check("chain", "--temperature", temperature, 0, 1e6);
        OptionRange.check("chain", "--crossfade-ms", crossfade, 0, 60_000);
        OptionRange.check("chain", "--align-ms", align, 0, 10_000);
        OptionRange.check("chain", "--top-db", topDb, 1e-9, 1000);
        OptionRange.check("chain", "--min-clip-ms", minClip, 0, 3.6e6);
        OptionRange.check("chain", "--max-clip-ms", maxClip, 1, 3.6e6);
        if (out == null) throw CliError.usage("chain: say where to write with -o OUT.wav");
        if (Files.isDirectory(out)) throw new CliError(out + ": is a directory (give a file name like chain.wav)");
        ChainMaker.Options o = new ChainMaker.Options(by, temperature, seed, crossfade, align,
                new TrimOptions(topDb, d.trim().frameLength(), d.trim().hopLength()), minClip, maxClip, cutAt);

        List<Path> inputs = new ArrayList<>();
        for (String p : inputNames) inputs.add(Path.of(p));
        List<ChainMaker.Piece> pieces = new ArrayList<>();
        List<Clip> sounds;
        try (ProgressBar bar = io.progress("reading")) {
            sounds = CorpusLoader.load(inputs, 0, e -> io.warn(e.getMessage()), bar);
        }
        int usable = 0;
        try (ProgressBar bar = io.progress("cutting")) {
            for (int i = 0; i < sounds.size(); i++) {
                Clip c = sounds.get(i);
                List<ChainMaker.Piece> ps = ChainMaker.pieces(c.source(), c.audio(), o);
                if (ps.isEmpty()) {
                    io.warn(c.source() + ": " + whySkipped(c, o));
                } else {
                    usable++;
                }
                pieces.addAll(ps);
                bar.update(i + 1, sounds.size(), c.source().getFileName().toString());
            }
        }
        if (pieces.size() < 2) {
            throw new CliError("chain: " + pieces.size() + " usable clip" + (pieces.size() == 1 ? "" : "s")
                    + " from " + usable + " of " + sounds.size() + " readable file" + (sounds.size() == 1 ? "" : "s")
                    + "; a chain needs at least two (try a lower --min-clip-ms or a higher --top-db)");
        }
        ChainMaker.Chain chain;
        try (ProgressBar describe = io.progress("describing " + pieces.size() + " clips")) {
            chain = ChainMaker.make(pieces, o, describe, dev.ersatz.engine.util.Progress.NONE);
        }
        WavWriter.write(out, chain.audio(), format);
        Path json = jsonBeside(out);
        writeAtomically(json, Json.pretty(ChainMaker.report(chain)));
        io.out().printf("%s: %d clips, %.1f s; mean adjacent %s similarity %.4f (naive pair order %.4f); report %s%n",
                out, chain.links().size(), chain.audio().seconds(), by.id(), chain.meanAdjacent(), chain.naiveMeanAdjacent(), json);
        return 0;
    }

    /**
     * Why a readable file gave no clip: it is empty, nothing in it rises above the silence
     * threshold, or every sound in it is shorter than --min-clip-ms (a one-shot, say).
     */
    static String whySkipped(Clip c, ChainMaker.Options o) {
        if (c.audio().frames() == 0) return "empty (no samples)";
        List<Interval> runs = Trim.split(c.audio().channels(), o.trim());
        if (runs.isEmpty()) return "skipped: silent throughout";
        long longest = runs.stream().mapToLong(r -> r.end() - r.start()).max().orElse(0);
        return "skipped: its longest sound (" + Math.round(longest * 1000.0 / c.audio().sampleRate())
                + " ms) is shorter than --min-clip-ms " + fmt(o.minClipMs());
    }

    static Path jsonBeside(Path wav) {
        String name = wav.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return wav.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }

    private static void writeAtomically(Path target, String text) throws AudioFileException {
        try {
            AtomicText.write(target, text);
        } catch (IOException e) {
            throw new AudioFileException(target, "cannot write: " + e.getMessage(), e);
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
