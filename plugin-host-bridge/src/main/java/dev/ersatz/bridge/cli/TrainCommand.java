package dev.ersatz.bridge.cli;

import dev.ersatz.engine.model.GrainModel;
import dev.ersatz.engine.model.ModelFile;
import dev.ersatz.engine.model.ModelTrainer;
import dev.ersatz.engine.model.TrainSettings;
import dev.ersatz.engine.session.TrainRun;
import dev.ersatz.engine.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * `ersatz train CORPUS... -o MODEL`: learns a grain model from the user's samples. Runs on the main
 * (control) thread; decoding uses the corpus loader's workers, descriptors and k-means use ND4J here.
 */
@CommandLine.Command(name = "train",
        customSynopsis = "usage: ersatz train CORPUS... -o MODEL [--tokens K] [--order N] [--neural [--epochs E]] [--seed N] [--rate HZ]",
        description = {"learn a generative grain model from your samples",
                "Cuts every audio file named (or found under each directory) into short grains, learns K",
                "sound tokens from them and a Markov model of how tokens follow each other. The model file",
                "holds the grains' audio too, so it plays without the corpus (ersatz bounce --model MODEL).",
                "A file that cannot be read is reported on one line and skipped; the exit code is then 1."})
public final class TrainCommand implements Command {
    @CommandLine.Parameters(paramLabel = "CORPUS", arity = "1..*", description = "audio files or folders") List<String> corpus = new ArrayList<>();

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "MODEL", description = "the model file to write (required)") Path out;

    @CommandLine.Option(names = "--tokens", paramLabel = "K", description = "how many sound tokens to learn (default " + ModelTrainer.Options.DEFAULT_TOKENS + ", 2..4096)")
    int tokens = ModelTrainer.Options.DEFAULT_TOKENS;

    @CommandLine.Option(names = "--order", paramLabel = "N", description = "longest context the Markov model uses, in tokens (default " + ModelTrainer.Options.DEFAULT_ORDER + ", 1..4)")
    int order = ModelTrainer.Options.DEFAULT_ORDER;

    @CommandLine.Option(names = "--seed", paramLabel = "N", description = "seed for the token codebook (default 0)") long seed = 0;

    @CommandLine.Option(names = "--rate", paramLabel = "HZ", description = "the model's sample rate; the corpus is resampled to it (default 48000)") int rate = TrainSettings.DEFAULT.rate();

    @CommandLine.Option(names = "--grain", paramLabel = "N", description = "grain length in samples, a power of two (default " + ModelTrainer.Options.DEFAULT_GRAIN + ")")
    int grain = ModelTrainer.Options.DEFAULT_GRAIN;

    @CommandLine.Option(names = "--neural", description = {"also train a recurrent network (GRU) over the tokens; it then generates",
            "instead of the Markov model (slower to train)"}) boolean neural;

    @CommandLine.Option(names = "--epochs", paramLabel = "E", description = "training epochs of the recurrent network (default " + TrainSettings.DEFAULT_EPOCHS + ")") Integer epochs;

    @CommandLine.Option(names = "--json", description = "print the model's description as one JSON object") boolean json;

    @Override
    public int run(Console io) throws Exception {
        TrainSettings settings = new TrainSettings(tokens, order, seed, rate, grain, neural, epochs);
        try {
            settings.options();
        } catch (TrainSettings.Invalid e) {
            throw CliError.usage("train: " + e.getMessage());
        }
        if (out == null) throw CliError.usage("train: name the model file with -o MODEL");
        if (Files.isDirectory(out)) throw new CliError("train: " + out + " is a directory; -o wants a model file", 1);
        List<Path> inputs = new ArrayList<>();
        for (String p : corpus) inputs.add(Path.of(p));
        TrainRun.Trained trained;
        try {
            trained = TrainRun.train(inputs, settings, io.reporter());
        } catch (TrainRun.NoAudio e) {
            throw new CliError("train: " + e.getMessage(), 1);
        }
        GrainModel model = trained.model();
        try {
            ModelFile.write(out, model);
        } catch (dev.ersatz.engine.model.ModelFileException e) {
            throw new CliError("train: " + e.getMessage(), 1);
        }
        if (json) {
            Map<String, Object> d = ModelFile.describe(model);
            d.put("file", out.toString());
            d.put("bytes", Files.size(out));
            io.out().println(Json.write(d));
        } else {
            io.out().printf(Locale.ROOT, "%s: %d tokens, order %d%s, %d grains from %d file%s (%.1f s at %d Hz), %.1f MB%n",
                    out, model.tokens(), model.order(), model.neural() != null ? ", GRU network" : "", model.grains(), model.corpus().files().size(),
                    model.corpus().files().size() == 1 ? "" : "s", model.corpus().seconds(), rate, Files.size(out) / 1e6);
        }
        return trained.skipped() > 0 ? 1 : 0;
    }
}
