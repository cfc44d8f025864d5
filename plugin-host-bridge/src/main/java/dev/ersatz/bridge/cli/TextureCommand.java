package dev.ersatz.bridge.cli;

import dev.ersatz.engine.analysis.Texture;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.model.ModelFile;
import dev.ersatz.engine.model.ModelFileException;
import dev.ersatz.engine.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * `ersatz texture OUT --corpus PATH... | --model MODEL [--json]`: how a bounce's texture compares
 * with its corpus's ({@link Texture}): silence, frozen windows, loudness, centroid, flux, onsets.
 * Main (control) thread.
 */
@CommandLine.Command(name = "texture",
        customSynopsis = {"usage: ersatz texture OUT --corpus PATH [--corpus PATH...] [--json]",
                "       ersatz texture OUT --model MODEL [--json]"},
        description = {"compare a bounce's texture (silence, frozen stretches, onsets...) with its corpus",
                "Measures OUT as a producer would judge a generated texture, beside the same figures of the",
                "corpus (its files trimmed as ersatz trim trims them; a model file keeps its corpus's figures):",
                "  silence        share of frames more than 60 dB under the loudest, and the longest silence",
                "  frozen         share of 1-second windows that repeat themselves (a grain or a cycle held)",
                "  loudness       10th, 50th and 90th percentile of 1-second windows, dBFS",
                "  centroid, flux mean spectral centroid (Hz) and spectral flux (mean rise over mel bands, dB)",
                "  onsets         onsets per second",
                "A corpus file that cannot be read is reported on one line and skipped; the exit code is then 1."})
public final class TextureCommand implements Command {
    @CommandLine.Parameters(paramLabel = "OUT", description = "the bounce to measure") Path outFile;

    @CommandLine.Option(names = "--corpus", paramLabel = "PATH", description = "a corpus file or directory (repeatable)")
    List<String> corpusArgs = new ArrayList<>();

    @CommandLine.Option(names = "--model", paramLabel = "MODEL", description = "take the corpus's figures from a model file instead")
    Path model;

    @CommandLine.Option(names = "--json", description = "one JSON object: {\"file\", \"output\": {...}, \"corpus\": {...}}") boolean json;

    @Override
    public int run(Console io) throws Exception {
        if (corpusArgs.isEmpty() == (model == null)) throw CliError.usage("texture: name the corpus with --corpus PATH or --model MODEL (one of them)");
        AudioData out = dev.ersatz.engine.audio.AudioFiles.read(outFile);
        if (out.frames() == 0) throw new CliError("texture: " + outFile + ": no audio (0 frames)", 1);
        Texture output = Texture.of(out.channels(), out.sampleRate());
        boolean[] skipped = {false};
        Texture corpus;
        if (model != null) {
            try {
                corpus = ModelFile.read(model).texture();
            } catch (ModelFileException e) {
                throw new CliError(e.getMessage(), 1);
            }
        } else {
            List<Path> paths = new ArrayList<>();
            for (String c : corpusArgs) paths.add(Path.of(c));
            List<Clip> clips;
            try (ProgressBar bar = io.progress("reading the corpus")) {
                clips = CorpusLoader.load(paths, out.sampleRate(), (AudioFileException e) -> {
                    io.warn(e.getMessage());
                    skipped[0] = true;
                }, bar);
            }
            if (clips.isEmpty()) throw new CliError("texture: no readable audio in the corpus " + String.join(" ", corpusArgs), 1);
            Texture.Builder b = new Texture.Builder();
            for (Clip c : clips) b.addTrimmed(c.audio().channels(), c.audio().sampleRate());
            corpus = b.build();
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", outFile.toString());
            m.put("output", output.toJson());
            m.put("corpus", corpus.toJson());
            io.out().println(Json.write(m));
        } else {
            io.out().printf(Locale.ROOT, "%s (%.1f s): %s%n", outFile, output.seconds(), output.summary(corpus));
        }
        return skipped[0] ? 1 : 0;
    }
}
