package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.OptionRange;
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
import picocli.CommandLine;

/** `ersatz bench model-bounce`: offline rendering speed of a grain model, as × real time. */
@CommandLine.Command(name = "model-bounce", description = "grain model offline render speed (x real time); goal >= 200x")
public final class ModelBounceBenchmark implements Benchmark {
    @CommandLine.Option(names = "--model", paramLabel = "MODEL", description = "a model file (default: one trained on 5 min of synthetic audio)") Path file;

    @CommandLine.Option(names = "--seconds", paramLabel = "S", description = "seconds to render (default 600)") double seconds = 600;

    @CommandLine.Option(names = "--temperature", paramLabel = "T", description = "temperature (default 1)") double t = 1;

    @CommandLine.Option(names = "--max-copy-ms", paramLabel = "MS", description = "copy bound (default none)") double maxCopy = 0;




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
    public void measure(Console io) {
        OptionRange.check("bench model-bounce", "--seconds", seconds, 1, 36000);
        OptionRange.check("bench model-bounce", "--temperature", t, 0, 4);
        OptionRange.check("bench model-bounce", "--max-copy-ms", maxCopy, 0, 10000000.0);
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
