package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.OptionRange;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.model.GrainModel;
import dev.ersatz.engine.model.ModelTrainer;
import dev.ersatz.engine.model.NeuralModel;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/** `ersatz bench train`: training the Markov grain model on synthetic audio (default 10 minutes). */
@CommandLine.Command(name = "train", description = "grain model training time (Markov) on N minutes of audio; goal < 30 s for 10 min")
public final class ModelTrainBenchmark implements Benchmark {
    @CommandLine.Option(names = "--minutes", paramLabel = "M", description = "minutes of audio (default 10, in 1-minute clips)") double minutes = 10;

    @CommandLine.Option(names = "--tokens", paramLabel = "K", description = "tokens (default 64)") int tokens = ModelTrainer.Options.DEFAULT_TOKENS;

    @CommandLine.Option(names = "--order", paramLabel = "N", description = "Markov order (default 3)") int order = ModelTrainer.Options.DEFAULT_ORDER;

    @CommandLine.Option(names = "--neural", description = "time the recurrent network too") boolean neural;

    @CommandLine.Option(names = "--epochs", paramLabel = "E", description = "network epochs (default 10)") int epochs = 10;




    @Override
    public void measure(Console io) {
        OptionRange.check("bench train", "--minutes", minutes, 0.1, 600);
        OptionRange.check("bench train", "--tokens", tokens, 2, 4096);
        OptionRange.check("bench train", "--order", order, 1, 4);
        OptionRange.check("bench train", "--epochs", epochs, 1, 1000);
        int rate = 48000;
        List<ModelTrainer.Source> clips = new ArrayList<>();
        for (int i = 0; i * 60 < minutes * 60; i++) {
            double s = Math.min(60, minutes * 60 - i * 60);
            AudioData a = BenchAudio.melody(s, rate, i);
            clips.add(new ModelTrainer.Source(Path.of("clip" + i + ".wav"), a));
        }
        ModelTrainer.Options o = new ModelTrainer.Options(tokens, order, 0, ModelTrainer.Options.DEFAULT_GRAIN, rate);
        // Warm-up on a small slice: loads ND4J's native code, which is start-up, not training.
        ModelTrainer.train(List.of(clips.get(0)), new ModelTrainer.Options(8, order, 0, 2048, rate), Progress.NONE);
        long t0 = System.nanoTime();
        GrainModel m = ModelTrainer.train(clips, o, Progress.NONE);
        double secs = (System.nanoTime() - t0) / 1e9;
        io.out().printf(Locale.ROOT, "train: %.1f min of audio at %d Hz, %d grains, %d tokens, order %d (%d contexts): %.2f s (%.0fx real time), %d cores%n",
                minutes, rate, m.grains(), m.tokens(), m.order(), m.markov().contexts(), secs, minutes * 60 / secs,
                Runtime.getRuntime().availableProcessors());
        if (neural) {
            long t1 = System.nanoTime();
            NeuralModel n = NeuralModel.train(m.sequences(), m.tokens(), NeuralModel.DEFAULT_HIDDEN, epochs, 0, Progress.NONE);
            double ns = (System.nanoTime() - t1) / 1e9;
            double[] l = n.losses();
            io.out().printf(Locale.ROOT, "neural: GRU %d units, %d epochs on %d tokens: %.2f s (loss %.3f -> %.3f nats/token)%n",
                    n.hidden(), epochs, m.grains(), ns, l[0], l[l.length - 1]);
        }
        io.out().printf(Locale.ROOT, "command: ersatz bench train --minutes %s --tokens %d --order %d%s%n", trim(minutes), tokens, order,
                neural ? " --neural --epochs " + epochs : "");
    }

    static String trim(double d) { return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d); }
}
