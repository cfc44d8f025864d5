package dev.ersatz.bridge.cli;

import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.model.GrainModel;
import dev.ersatz.engine.model.ModelFile;
import dev.ersatz.engine.model.ModelTrainer;
import dev.ersatz.engine.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * `ersatz train CORPUS... -o MODEL`: learns a grain model from the user's samples. Runs on the main
 * (control) thread; decoding uses the corpus loader's workers, descriptors and k-means use ND4J here.
 */
public final class TrainCommand implements Command {

    @Override public String name() { return "train"; }

    @Override public String summary() { return "learn a generative grain model from your samples"; }

    @Override
    public String usage() {
        return "usage: ersatz train CORPUS... -o MODEL [--tokens K] [--order N] [--neural [--epochs E]] [--seed N] [--rate HZ]\n\n"
                + "Cuts every audio file named (or found under each directory) into short grains, learns K\n"
                + "sound tokens from them and a Markov model of how tokens follow each other. The model file\n"
                + "holds the grains' audio too, so it plays without the corpus (ersatz bounce --model MODEL).\n"
                + "A file that cannot be read is reported on one line and skipped; the exit code is then 1.\n\n"
                + "options:\n"
                + "  -o, --output MODEL    the model file to write (required)\n"
                + "  --tokens K            how many sound tokens to learn (default " + ModelTrainer.Options.DEFAULT_TOKENS + ", 2..4096)\n"
                + "  --order N             longest context the Markov model uses, in tokens (default " + ModelTrainer.Options.DEFAULT_ORDER + ", 1..4)\n"
                + "  --seed N              seed for the token codebook (default 0)\n"
                + "  --rate HZ             the model's sample rate; the corpus is resampled to it (default 48000)\n"
                + "  --grain N             grain length in samples, a power of two (default " + ModelTrainer.Options.DEFAULT_GRAIN + ")\n"
                + "  --neural              also train a recurrent network (GRU) over the tokens; it then generates\n"
                + "                        instead of the Markov model (slower to train)\n"
                + "  --epochs E            training epochs of the recurrent network (default 10)\n"
                + "  --json                print the model's description as one JSON object\n";
    }

    @Override
    public int run(Args args, Console io) throws Exception {
        Path out = args.path("-o", "--output");
        int tokens = args.integer("--tokens", ModelTrainer.Options.DEFAULT_TOKENS, 2, 4096);
        int order = args.integer("--order", ModelTrainer.Options.DEFAULT_ORDER, 1, 4);
        long seed = args.longInteger("--seed", 0);
        int rate = args.integer("--rate", 48000, 8000, 384000);
        int grain = args.integer("--grain", ModelTrainer.Options.DEFAULT_GRAIN, 64, 65536);
        boolean neural = args.flag("--neural");
        int epochs = args.integer("--epochs", 10, 1, 100000);
        boolean json = args.flag("--json");
        args.done(1, Integer.MAX_VALUE);
        if (out == null) throw CliError.usage("train: name the model file with -o MODEL");
        if (Integer.bitCount(grain) != 1) throw CliError.usage("train: --grain must be a power of two, not " + grain);
        if (args.string("--epochs") != null && !neural) throw CliError.usage("train: --epochs is for --neural");
        if (Files.isDirectory(out)) throw new CliError("train: " + out + " is a directory; -o wants a model file", 1);
        List<Path> inputs = new ArrayList<>();
        for (String p : args.positionals()) inputs.add(Path.of(p));

        boolean[] skipped = {false};
        List<Clip> clips;
        try (ProgressBar bar = io.progress("loading")) {
            clips = CorpusLoader.load(inputs, rate, (AudioFileException e) -> {
                io.warn(e.getMessage());
                skipped[0] = true;
            }, bar);
        }
        List<ModelTrainer.Source> sources = new ArrayList<>();
        for (Clip c : clips) if (c.audio().frames() > 0) sources.add(new ModelTrainer.Source(c.source(), c.audio()));
        if (sources.isEmpty()) throw new CliError("train: no audio to train on in " + String.join(" ", args.positionals()), 1);

        GrainModel model;
        try (ProgressBar bar = io.progress("training")) {
            model = ModelTrainer.train(sources, new ModelTrainer.Options(tokens, order, seed, grain, rate), bar);
        }
        if (neural) {
            try (ProgressBar bar = io.progress("network")) {
                model = model.withNeural(dev.ersatz.engine.model.NeuralModel.train(model.sequences(), model.tokens(),
                        dev.ersatz.engine.model.NeuralModel.DEFAULT_HIDDEN, epochs, seed, bar));
            }
        }
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
        return skipped[0] ? 1 : 0;
    }
}
