package dev.ersatz.engine.session;

import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.model.GrainModel;
import dev.ersatz.engine.model.ModelTrainer;
import dev.ersatz.engine.model.NeuralModel;
import dev.ersatz.engine.model.TrainSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model from files, as `ersatz train` trains it and the studio's "train a model on the selected
 * clips" too: the inputs read at the model's rate, grains tokenised and a Markov model learnt
 * ({@link ModelTrainer}), and with {@code neural} a GRU over the tokens ({@link NeuralModel}).
 * Whichever control thread calls it (the command's main thread, the studio's training thread);
 * ND4J runs there.
 */
public final class TrainRun {
    private TrainRun() { }

    /** Nothing readable to train on. */
    public static final class NoAudio extends Exception {
        NoAudio(String message) { super(message); }
    }

    /** The model, and how many input files could not be read (each told to the reporter). */
    public record Trained(GrainModel model, int skipped) { }

    /** Trains on {@code inputs} (files or folders) with checked {@code settings}, each stage reported to {@code report}. */
    public static Trained train(List<Path> inputs, TrainSettings settings, Reporter report) throws NoAudio {
        ModelTrainer.Options o = settings.options();
        int[] skipped = {0};
        List<Clip> clips;
        try (Reporter.Stage s = report.stage("loading")) {
            clips = CorpusLoader.load(inputs, o.sampleRate(), e -> {
                report.warn(e.getMessage());
                skipped[0]++;
            }, s);
        }
        List<ModelTrainer.Source> sources = new ArrayList<>();
        for (Clip c : clips) if (c.audio().frames() > 0) sources.add(new ModelTrainer.Source(c.source(), c.audio()));
        if (sources.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (Path p : inputs) names.add(p.toString());
            throw new NoAudio("no audio to train on in " + String.join(" ", names));
        }
        GrainModel model;
        try (Reporter.Stage s = report.stage("training")) {
            model = ModelTrainer.train(sources, o, s);
        }
        if (settings.neural()) {
            try (Reporter.Stage s = report.stage("network")) {
                model = model.withNeural(NeuralModel.train(model.sequences(), model.tokens(), NeuralModel.DEFAULT_HIDDEN, settings.epochCount(), o.seed(), s));
            }
        }
        return new Trained(model, skipped[0]);
    }
}
