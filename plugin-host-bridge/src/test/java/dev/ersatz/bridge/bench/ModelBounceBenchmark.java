package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.Args;
import dev.ersatz.bridge.cli.CliError;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.engine.bounce.Bouncer;
import dev.ersatz.engine.model.GrainModel;
import dev.ersatz.engine.model.ModelGenerator;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.model.ModelFile;
import dev.ersatz.engine.model.ModelFileException;
import dev.ersatz.engine.model.ModelTrainer;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** `ersatz bench model-bounce`: offline rendering speed of a grain model, as × real time. */
public final class ModelBounceBenchmark implements Benchmark {
    @Override public String name() { return "model-bounce"; }

    @Override public String summary() { return "grain model offline render speed (x real time); goal >= 200x"; }

    @Override
    public String options() {
        return "  --model MODEL         model-bounce: a model file (default: one trained on 5 min of synthetic audio)\n"
                + "  --seconds S           model-bounce: seconds to render (default 600)\n"
                + "  --temperature T       model-bounce: temperature (default 1)\n"
                + "  --max-copy-ms MS      model-bounce: copy bound (default none)\n";
    }

    /**
     * Renders {@code seconds} of the model exactly as `ersatz bounce --model` does (Instrument +
     * ModelGenerator, one held note, the Bouncer); the grains the note's voice decided.
     */
    private static int engine(GrainModel m, double seconds, double t, double maxCopy) {
        Instrument in = new Instrument();
        in.setParameter("temperature", (float) t);
        ModelGenerator g = new ModelGenerator(m, maxCopy).record(0);
        in.load(ModelGenerator.material(m), g, 1);
        Bouncer.render(in, Bouncer.hold(60, 100), Math.round(seconds * m.sampleRate()), m.sampleRate(), Progress.NONE);
        return g.decided().length;
    }

    @Override
    public void run(Args args, Console io) {
        Path file = args.path("--model");
        double seconds = args.number("--seconds", 600, 1, 36000);
        double t = args.number("--temperature", 1, 0, 4);
        double maxCopy = args.number("--max-copy-ms", 0, 0, 1e7);
        args.done(1, 1);
        GrainModel m;
        if (file != null) {
            try {
                m = ModelFile.read(file);
            } catch (ModelFileException e) {
                throw new CliError("bench: " + e.getMessage());
            }
        } else {
            m = ModelTrainer.train(List.of(new ModelTrainer.Source(Path.of("bench.wav"), BenchAudio.melody(300, 48000, 1))),
                    ModelTrainer.Options.defaults(48000), Progress.NONE);
        }
        engine(m, Math.min(20, seconds), t, maxCopy); // warm-up: JIT
        long t0 = System.nanoTime();
        int grains = engine(m, seconds, t, maxCopy);
        double secs = (System.nanoTime() - t0) / 1e9;
        io.out().printf(Locale.ROOT, "model-bounce: %.0f s of stereo at %d Hz through the engine (Instrument + ModelGenerator, as ersatz bounce --model; "
                        + "%d grains, %d tokens, %d corpus grains), T=%s: %.2f s, %.0fx real time%n",
                seconds, m.sampleRate(), grains, m.tokens(), m.grains(), ModelTrainBenchmark.trim(t), secs, seconds / secs);
        io.out().printf(Locale.ROOT, "command: ersatz bench model-bounce --seconds %s --temperature %s%s%s%n", ModelTrainBenchmark.trim(seconds),
                ModelTrainBenchmark.trim(t), maxCopy > 0 ? " --max-copy-ms " + ModelTrainBenchmark.trim(maxCopy) : "",
                file != null ? " --model " + file : "");
    }
}
