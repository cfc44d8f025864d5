package dev.ersatz.engine.session;

import dev.ersatz.engine.analysis.Interval;
import dev.ersatz.engine.analysis.Trim;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.chain.ChainMaker;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.util.AtomicText;
import dev.ersatz.engine.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A chain from files to files, as `ersatz chain` makes it and the studio's "chain the selected
 * clips" too: the inputs read, cut into clips ({@link ChainMaker#pieces}), ordered and rendered
 * ({@link ChainMaker#make}), written as a WAV with its report (OUT.json) beside it. Whichever
 * control thread calls it (the command's main thread, the studio's chain thread).
 */
public final class ChainRun {
    private ChainRun() { }

    /** Fewer than two usable clips: the message says how many, from how many files, and what to try. */
    public static final class TooFewClips extends Exception {
        TooFewClips(String message) { super(message); }
    }

    /**
     * Reads {@code inputs} (files or folders), cuts and chains them, each stage reported to
     * {@code report}. A file that cannot be read, or gives no clip, is a one-line warning naming it,
     * and the rest carry on.
     */
    public static ChainMaker.Chain make(List<Path> inputs, ChainMaker.Options o, Reporter report) throws TooFewClips {
        List<Clip> sounds;
        try (Reporter.Stage s = report.stage("reading")) {
            sounds = CorpusLoader.load(inputs, 0, e -> report.warn(e.getMessage()), s);
        }
        List<ChainMaker.Piece> pieces = new ArrayList<>();
        int usable = 0;
        try (Reporter.Stage s = report.stage("cutting")) {
            for (int i = 0; i < sounds.size(); i++) {
                Clip c = sounds.get(i);
                List<ChainMaker.Piece> ps = ChainMaker.pieces(c.source(), c.audio(), o);
                if (ps.isEmpty()) {
                    report.warn(c.source() + ": " + whySkipped(c, o));
                } else {
                    usable++;
                }
                pieces.addAll(ps);
                s.update(i + 1, sounds.size(), c.source().getFileName().toString());
            }
        }
        if (pieces.size() < 2) {
            throw new TooFewClips(pieces.size() + " usable clip" + (pieces.size() == 1 ? "" : "s")
                    + " from " + usable + " of " + sounds.size() + " readable file" + (sounds.size() == 1 ? "" : "s")
                    + "; a chain needs at least two (try a lower --min-clip-ms or a higher --top-db)");
        }
        try (Reporter.Stage describing = report.stage("describing " + pieces.size() + " clips");
             Reporter.Stage ordering = report.stage("ordering")) {
            return ChainMaker.make(pieces, o, describing, ordering);
        }
    }

    /** Writes the chain to {@code wav} and its report to {@link #jsonBeside}; returns the report's path. */
    public static Path write(Path wav, ChainMaker.Chain chain, SampleFormat format) throws AudioFileException {
        WavWriter.write(wav, chain.audio(), format);
        Path json = jsonBeside(wav);
        try {
            AtomicText.write(json, Json.pretty(ChainMaker.report(chain)));
        } catch (IOException e) {
            throw new AudioFileException(json, "cannot write: " + e.getMessage(), e);
        }
        return json;
    }

    /**
     * Why a readable file gave no clip: it is empty, nothing in it rises above the silence
     * threshold, or every sound in it is shorter than --min-clip-ms (a one-shot, say).
     */
    static String whySkipped(Clip c, ChainMaker.Options o) {
        if (c.audio().frames() == 0) return "empty (no samples)";
        List<Interval> runs = Trim.split(c.audio().channels(), o.trim());
        if (runs.isEmpty()) return "skipped: silent throughout";
        long longest = runs.stream().mapToLong(r -> r.end() - r.start()).max().orElse(0);
        double min = o.minClipMs();
        return "skipped: its longest sound (" + Math.round(longest * 1000.0 / c.audio().sampleRate())
                + " ms) is shorter than --min-clip-ms " + (min == Math.rint(min) ? Long.toString((long) min) : Double.toString(min));
    }

    /** OUT.json for OUT.wav. */
    public static Path jsonBeside(Path wav) {
        String name = wav.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return wav.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }
}
