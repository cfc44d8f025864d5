package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.Args;
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

/** `ersatz bench train`: training the Markov grain model on synthetic audio (default 10 minutes). */
public final class ModelTrainBenchmark implements Benchmark {
    @Override public String name() { return "train"; }

    @Override public String summary() { return "grain model training time (Markov) on N minutes of audio; goal < 30 s for 10 min"; }

    @Override
    public String options() {
        return "  --minutes M           train: minutes of audio (default 10, in 1-minute clips)\n"
                + "  --tokens K            train: tokens (default 64)\n"
                + "  --order N             train: Markov order (default 3)\n"
                + "  --neural              train: time the recurrent network too\n"
                + "  --epochs E            train: network epochs (default 10)\n";
    }

    @Override
    public void run(Args args, Console io) {
        double minutes = args.number("--minutes", 10, 0.1, 600);
        int tokens = args.integer("--tokens", ModelTrainer.Options.DEFAULT_TOKENS, 2, 4096);
        int order = args.integer("--order", ModelTrainer.Options.DEFAULT_ORDER, 1, 4);
        boolean neural = args.flag("--neural");
        int epochs = args.integer("--epochs", 10, 1, 1000);
        args.done(1, 1);
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
