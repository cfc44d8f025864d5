package dev.ersatz.bridge.cli.fingerprint;

import dev.ersatz.bridge.cli.CliError;
import dev.ersatz.bridge.cli.Command;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.engine.analysis.fingerprint.Chromaprint;
import dev.ersatz.engine.analysis.fingerprint.Fingerprint;
import dev.ersatz.engine.analysis.fingerprint.FingerprintCompare;
import dev.ersatz.engine.analysis.fingerprint.Match;
import dev.ersatz.engine.util.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * `ersatz compare A B [--json]`: how alike two files are by their Chromaprint fingerprints (bit
 * agreement at the best offset). Runs on the main (control) thread.
 */
@CommandLine.Command(name = "compare",
        customSynopsis = "usage: ersatz compare A B [OPTIONS]",
        description = {"similarity of two files by Chromaprint fingerprint (and their offset)",
                "Fingerprints both files (whole files) and finds the offset where the most bits agree.",
                "similarity: fraction of equal bits over the overlapping items (1 = same, about 0.5 =",
                "unrelated); offset: items (1365 / 11025 s each) by which B's content comes after A's.",
                "Offsets are tried while at least half the shorter fingerprint overlaps."})
public final class CompareCommand implements Command {
    @CommandLine.Parameters(index = "0", paramLabel = "A", description = "the first file") Path a;

    @CommandLine.Parameters(index = "1", paramLabel = "B", description = "the second file") Path b;

    @CommandLine.Option(names = "--json", description = "print {\"a\", \"b\", \"similarity\", \"offset\", \"offset_seconds\"} on one line") boolean json;

    @Override
    public int run(Console io) throws Exception {
        Fingerprint fa = fingerprint(a);
        Fingerprint fb = fingerprint(b);
        Match m = FingerprintCompare.best(fa.raw(), fb.raw());
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("a", a.toString());
            o.put("b", b.toString());
            o.put("similarity", m.similarity());
            o.put("offset", m.offset());
            o.put("offset_seconds", m.offsetSeconds());
            io.out().println(Json.write(o));
        } else {
            io.out().printf("similarity %.4f at offset %d items (%.3f s)%n", m.similarity(), m.offset(), m.offsetSeconds());
        }
        return 0;
    }

    private static Fingerprint fingerprint(Path file) throws Exception {
        Fingerprint fp = Chromaprint.fingerprint(file, 0);
        if (fp.raw().length == 0) {
            throw new CliError(file + ": too short to fingerprint (" + String.format("%.2f", fp.durationSeconds()) + " s)");
        }
        return fp;
    }
}
