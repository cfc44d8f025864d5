package dev.ersatz.engine.analysis;

import dev.ersatz.engine.analysis.fingerprint.Chromaprint;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.util.Json;
import dev.ersatz.engine.util.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One file's description as `ersatz analyze` prints it, through the analysis cache: {@link
 * Analysis#toJson()} plus {@code fingerprint_length}. Runs on worker or control threads; safe to call
 * concurrently with one shared {@link AnalysisCache}.
 */
public final class FileAnalyzer {
    /** What cached descriptions are keyed by besides content: bump with anything that changes them. */
    public static final String KIND = "analyze-v" + Analysis.VERSION + "-fp1";

    private FileAnalyzer() { }

    /**
     * The description of {@code file}: from {@code cache} when its content was described before, else
     * computed and stored. {@code cache} may be null (no caching).
     */
    public static Map<?, ?> describe(Path file, AnalysisCache cache) throws AudioFileException, IOException {
        String key = null;
        if (cache != null) {
            key = cache.contentKey(file);
            String hit = cache.get(KIND, key);
            if (hit != null) {
                try {
                    return (Map<?, ?>) Json.parse(hit);
                } catch (Json.ParseException | ClassCastException e) {
                    // A damaged entry: describe the file again and overwrite it.
                }
            }
        }
        AudioData audio = AudioFiles.read(file);
        Map<String, Object> m = Analyzer.analyze(audio, Progress.NONE).toJson();
        m.put("fingerprint_length", Chromaprint.fingerprint(audio).raw().length);
        if (cache != null) cache.put(KIND, key, Json.write(m));
        return m;
    }

    /** Just the {@link Analysis} (e.g. for {@link Analysis#timbre()}), cached the same way. */
    public static Analysis analysis(Path file, AnalysisCache cache) throws AudioFileException, IOException {
        return Analysis.fromJson(describe(file, cache));
    }
}
