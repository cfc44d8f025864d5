package dev.ersatz.bridge.cli;

import dev.ersatz.engine.analysis.fingerprint.Chromaprint;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.model.Originality;
import dev.ersatz.engine.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * `ersatz originality OUT --corpus DIR`: how much of a generated file copies the corpus, by
 * Chromaprint fingerprint. Main (control) thread; corpus files are decoded and fingerprinted one at
 * a time so a large corpus never sits in memory whole.
 */
@CommandLine.Command(name = "originality",
        customSynopsis = "usage: ersatz originality OUT --corpus PATH [--corpus PATH...] [--json]",
        description = {"find stretches of an output that copy the corpus (by fingerprint)",
                "Fingerprints OUT and every audio file of the corpus (files, or directories searched",
                "recursively) and reports the longest stretch of OUT that matches the corpus and the",
                "fraction of OUT that matches it. Copies shorter than about a second are not visible to",
                "fingerprints; stretches are accurate to about a second. A corpus file that cannot be",
                "read is reported on one line and skipped; the exit code is then 1."})
public final class OriginalityCommand implements Command {
    @CommandLine.Parameters(paramLabel = "OUT", description = "the generated file") Path outFile;

    @CommandLine.Option(names = "--corpus", paramLabel = "PATH", description = "a corpus file or directory (repeatable, required)")
    List<String> corpusArgs = new ArrayList<>();

    @CommandLine.Option(names = "--json", description = "one JSON object") boolean json;

    @Override
    public int run(Console io) throws Exception {
        if (corpusArgs.isEmpty()) throw CliError.usage("originality: name the corpus with --corpus PATH");
        AudioData out = AudioFiles.read(outFile);
        int[] outPrint = Chromaprint.fingerprint(out).raw();
        if (outPrint.length == 0) throw new CliError("originality: " + outFile + ": too short to fingerprint (under about 3 s)", 1);

        boolean skipped = false;
        List<Path> files = new ArrayList<>();
        for (String c : corpusArgs) {
            try {
                files.addAll(CorpusLoader.audioFiles(List.of(Path.of(c))));
            } catch (AudioFileException e) {
                io.warn(e.getMessage());
                skipped = true;
            }
        }
        List<Originality.Reference> refs = new ArrayList<>();
        try (ProgressBar bar = io.progress("fingerprinting")) {
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                try {
                    refs.add(new Originality.Reference(f.toString(), Chromaprint.fingerprint(AudioFiles.read(f)).raw()));
                } catch (AudioFileException e) {
                    io.warn(e.getMessage());
                    skipped = true;
                }
                bar.update(i + 1, files.size(), f.getFileName().toString());
            }
        }
        if (refs.isEmpty()) throw new CliError("originality: no readable audio in the corpus " + String.join(" ", corpusArgs), 1);
        Originality.Report r = Originality.compare(outPrint, refs);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", outFile.toString());
            m.put("seconds", out.seconds());
            m.put("corpus_files", refs.size());
            m.put("longest_match_seconds", round(r.longestSeconds()));
            m.put("longest_match_at", round(r.outputAt()));
            m.put("longest_match_source", r.source());
            m.put("longest_match_source_at", round(r.sourceAt()));
            m.put("fraction_matched", Math.round(r.fractionMatched() * 10000) / 10000.0);
            io.out().println(Json.write(m));
        } else if (r.source() == null) {
            io.out().printf(Locale.ROOT, "%s: no stretch matches the corpus (%d files)%n", outFile, refs.size());
        } else {
            io.out().printf(Locale.ROOT, "%s: longest match %.1f s at %.1f s (from %s at %.1f s); %.1f%% of the output matches the corpus%n",
                    outFile, r.longestSeconds(), r.outputAt(), r.source(), r.sourceAt(), 100 * r.fractionMatched());
        }
        return skipped ? 1 : 0;
    }

    private static double round(double s) { return Math.round(s * 1000) / 1000.0; }
}
