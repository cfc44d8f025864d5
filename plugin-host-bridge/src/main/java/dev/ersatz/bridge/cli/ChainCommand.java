package dev.ersatz.bridge.cli;

import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.chain.ChainMaker;
import dev.ersatz.engine.chain.ChainSettings;
import dev.ersatz.engine.session.ChainRun;
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
    private static final ChainSettings DEFAULTS = ChainSettings.DEFAULT;

    @CommandLine.Parameters(paramLabel = "INPUT", arity = "1..*", description = "audio files or folders")
    List<String> inputNames = new ArrayList<>();

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "the WAV to write (required); the report goes to the same name with .json")
    Path out;

    @CommandLine.Option(names = "--by", paramLabel = "MEASURE", description = {"fingerprint (chromaprint bit agreement, default), timbre (MFCC, chroma,",
            "loudness, onset rate) or mix (the mean of the two)"})
    String by = DEFAULTS.by();

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
    double topDb = DEFAULTS.topDb();

    @CommandLine.Option(names = "--min-clip-ms", paramLabel = "L", description = "drop clips shorter than this (default 500)")
    double minClip = DEFAULTS.minClipMs();

    @CommandLine.Option(names = "--cut-at", paramLabel = "WHERE", description = {"onsets or beats: start clips on attacks and cut long clips there",
            "(see max-clip-ms); none (default): keep each clip whole"})
    String cutAt = DEFAULTS.cutAt();

    @CommandLine.Option(names = "--max-clip-ms", paramLabel = "X", description = "the longest clip before it is cut at an onset or beat (default 8000)")
    double maxClip = DEFAULTS.maxClipMs();

    @CommandLine.Option(names = "--format", paramLabel = "FMT", description = "16, 24 (default) or 32f")
    String format = "24";

    /** The options as the chain settings the studio shares (one check for both). */
    ChainSettings settings() {
        return new ChainSettings(by, temperature, seed, crossfade, align, topDb, minClip, maxClip, cutAt);
    }

    @Override
    public int run(Console io) throws Exception {
        ChainMaker.Options o;
        SampleFormat format;
        try {
            o = settings().options();
            format = SampleFormat.parse(this.format);
        } catch (IllegalArgumentException e) {
            throw CliError.usage("chain: " + e.getMessage());
        }
        if (out == null) throw CliError.usage("chain: say where to write with -o OUT.wav");
        if (Files.isDirectory(out)) throw new CliError(out + ": is a directory (give a file name like chain.wav)");
        List<Path> inputs = new ArrayList<>();
        for (String p : inputNames) inputs.add(Path.of(p));
        ChainMaker.Chain chain;
        try {
            chain = ChainRun.make(inputs, o, io.reporter());
        } catch (ChainRun.TooFewClips e) {
            throw new CliError("chain: " + e.getMessage());
        }
        Path json = ChainRun.write(out, chain, format);
        io.out().printf("%s: %d clips, %.1f s; mean adjacent %s similarity %.4f (naive pair order %.4f); report %s%n",
                out, chain.links().size(), chain.audio().seconds(), o.by().id(), chain.meanAdjacent(), chain.naiveMeanAdjacent(), json);
        return 0;
    }
}
