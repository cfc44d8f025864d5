package dev.ersatz.bridge.cli;

import dev.ersatz.engine.analysis.AnalysisCache;
import dev.ersatz.engine.analysis.FileAnalyzer;
import dev.ersatz.engine.analysis.Loudness;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;

/**
 * `ersatz analyze PATH...`: describes every audio file named or found under the directories named,
 * one line per file in a stable order. Runs on the main (control) thread; files are analysed on a
 * small pool of workers (one per core, at most two) and printed in order as each becomes ready.
 */
@CommandLine.Command(name = "analyze",
        customSynopsis = "usage: ersatz analyze PATH... [--json] [--cache DIR] [--no-cache] [--threads N]",
        description = {"describe audio files: loudness, silence, clipping, spectrum, onsets, tempo or its absence",
                "Analyzes each file, and each audio file under each directory (recursively), one line per file.",
                "Results are cached by content in DIR (default $ERSATZ_CACHE, $XDG_CACHE_HOME/ersatz or ~/.cache/ersatz).",
                "A file that cannot be read is reported on one line and skipped; the exit code is then 1."})
public final class AnalyzeCommand implements Command {
    @CommandLine.Parameters(paramLabel = "PATH", arity = "1..*", description = "audio files or folders") List<String> paths = new ArrayList<>();

    @CommandLine.Option(names = "--json", description = "one JSON object per file per line") boolean json;

    @CommandLine.Option(names = "--cache", paramLabel = "DIR", description = "where the analysis cache lives") Path cacheDir;

    @CommandLine.Option(names = "--no-cache", description = "neither read nor write the cache") boolean noCache;

    @CommandLine.Option(names = "--threads", paramLabel = "N", description = "worker threads (default: cores, at most 2)")
    int threads = Math.min(2, Runtime.getRuntime().availableProcessors());

    /** One file's outcome: the JSON object to print, or the one-line error. */
    private record Outcome(Path file, Map<String, Object> result, String error) { }

    @Override
    public int run(Console io) throws Exception {
        OptionRange.check("analyze", "--threads", threads, 1, 64);
        boolean[] failed = {false};
        List<Path> files = new ArrayList<>();
        for (String p : paths) {
            try {
                files.addAll(audioFiles(Path.of(p)));
            } catch (AudioFileException e) {
                io.warn(e.getMessage());
                failed[0] = true;
            }
        }
        AnalysisCache cache = null;
        if (!noCache) {
            try {
                cache = AnalysisCache.open(cacheDir != null ? cacheDir : AnalysisCache.defaultDirectory());
            } catch (IOException e) {
                io.warn(e.getMessage() + "; carrying on without it");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ersatz-analyze");
            t.setDaemon(true);
            return t;
        });
        try (ProgressBar bar = io.progress("analyzing")) {
            AnalysisCache c = cache;
            Deque<Future<Outcome>> pending = new ArrayDeque<>();
            int next = 0, done = 0;
            // Keep a few files in flight (bounded: each holds decoded audio), print strictly in order.
            while (done < files.size()) {
                while (next < files.size() && pending.size() < 2 * threads) {
                    Path f = files.get(next++);
                    pending.add(pool.submit(() -> analyzeOne(f, c)));
                }
                Outcome o = get(pending.removeFirst());
                done++;
                bar.update(done, files.size(), o.file().toString());
                if (o.error() != null) {
                    io.warn(o.error());
                    failed[0] = true;
                } else if (json) {
                    io.out().println(Json.write(o.result()));
                } else {
                    io.out().println(summaryLine(o.result()));
                }
            }
        } finally {
            pool.shutdownNow();
            if (cache != null) {
                try {
                    cache.commit();
                    cache.close();
                } catch (RuntimeException e) {
                    io.warn("analysis cache: could not save (" + e.getMessage() + ")");
                }
            }
        }
        return failed[0] ? 1 : 0;
    }

    private static Outcome get(Future<Outcome> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());   // analyzeOne catches everything per file
        }
    }

    /** Worker thread: the file's description (cached or fresh), or why it could not be read. */
    static Outcome analyzeOne(Path file, AnalysisCache cache) {
        try {
            return new Outcome(file, withFile(file, FileAnalyzer.describe(file, cache)), null);
        } catch (AudioFileException e) {
            return new Outcome(file, null, e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            return new Outcome(file, null, file + ": no such file");
        } catch (IOException e) {
            return new Outcome(file, null, file + ": cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (OutOfMemoryError e) {
            return new Outcome(file, null, file + ": out of memory (raise it with ERSATZ_JAVA_OPTS=-Xmx...)");
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Outcome(file, null, file + ": " + why);
        }
    }

    private static Map<String, Object> withFile(Path file, Map<?, ?> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        for (Map.Entry<?, ?> e : fields.entrySet()) {
            m.put(String.valueOf(e.getKey()), e.getValue());
            // No loudness is null, fresh (−∞) or cached (JSON null) alike; a short clip says why.
            if ("loudness_lufs".equals(e.getKey()) && !(e.getValue() instanceof Number n && Double.isFinite(n.doubleValue()))) {
                m.put("loudness_lufs", null);
                String why = loudnessAbsent(m);
                if (why != null) m.put("loudness_absent", why);
            }
        }
        return m;
    }

    private static String summaryLine(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder();
        sb.append(m.get("file")).append(": ");
        sb.append(String.format(Locale.ROOT, "%.2f s, %s Hz, %s ch", num(m.get("duration")), m.get("rate"), m.get("channels")));
        sb.append(String.format(Locale.ROOT, ", peak %s dBFS, %s", level(m.get("peak_dbfs")), loudness(m)));
        sb.append(String.format(Locale.ROOT, ", silence %.0f%%, %.2f onsets/s", 100 * num(m.get("silence_ratio")), num(m.get("onset_rate"))));
        sb.append(", ").append(tempoText(m));
        List<?> flags = (List<?>) m.get("flags");
        if (!flags.isEmpty()) sb.append(", ").append(String.join(" ", flags.stream().map(String::valueOf).toList()));
        return sb.toString();
    }

    /**
     * The tempo decision in words: "tempo 137 BPM (loop of 4 beats, pulse 0.85; also 68/109)", or
     * "no tempo: " and why. Tempos are printed to 0.1 BPM: a whole number hides the 1% that matters.
     */
    static String tempoText(Map<String, Object> m) {
        List<?> tempo = (List<?>) m.get("tempo");
        if (tempo.isEmpty()) return "no tempo: " + m.get("tempo_absent");
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "tempo %.1f BPM (", num(((Map<?, ?>) tempo.get(0)).get("bpm"))));
        long beats = Math.round(num(m.get("loop_beats")));
        if (beats > 0) t.append("loop of ").append(beats).append(" beats, ");
        t.append(String.format(Locale.ROOT, "pulse %.2f", num(m.get("pulse"))));
        for (int i = 1; i < Math.min(3, tempo.size()); i++) {
            t.append(i == 1 ? "; also " : "/").append(String.format(Locale.ROOT, "%.1f", num(((Map<?, ?>) tempo.get(i)).get("bpm"))));
        }
        return t.append(')').toString();
    }

    /**
     * Why a file has no integrated loudness when the reason is not silence: BS.1770 gates 400 ms
     * blocks, and a shorter clip has none (a one-shot drum hit, say). Null when a window fits.
     */
    static String loudnessAbsent(Map<String, Object> m) {
        Object frames = m.get("frames"), rate = m.get("rate");
        if (!(frames instanceof Number f) || !(rate instanceof Number r)) return null;
        if (Loudness.holdsAWindow(f.longValue(), r.intValue())) return null;
        return "clip shorter than the " + Loudness.WINDOW_MS + " ms loudness window";
    }

    /** "-14.2 LUFS"; "-inf LUFS" for silence; "loudness n/a (why)" when it cannot be measured. */
    private static String loudness(Map<String, Object> m) {
        Object why = m.get("loudness_absent");
        return why != null ? "loudness n/a (" + why + ")" : level(m.get("loudness_lufs")) + " LUFS";
    }

    private static double num(Object o) { return o == null ? Double.NaN : ((Number) o).doubleValue(); }

    private static String level(Object o) { return o == null ? "-inf" : String.format(Locale.ROOT, "%.1f", num(o)); }

    /** The audio files one input names (see {@link CorpusLoader#audioFiles}): itself, or those under it. */
    private static List<Path> audioFiles(Path input) throws AudioFileException {
        return CorpusLoader.audioFiles(List.of(input));
    }
}
