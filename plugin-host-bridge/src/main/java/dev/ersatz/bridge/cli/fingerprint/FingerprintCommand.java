package dev.ersatz.bridge.cli.fingerprint;

import dev.ersatz.bridge.cli.CliError;
import dev.ersatz.bridge.cli.Command;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.cli.OptionRange;
import dev.ersatz.engine.analysis.fingerprint.Chromaprint;
import dev.ersatz.engine.analysis.fingerprint.Fingerprint;
import dev.ersatz.engine.analysis.fingerprint.FingerprintCompressor;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * `ersatz fingerprint IN... [--raw] [--length SECS] [--json]`: Chromaprint's fingerprint, printed as
 * fpcalc prints it. Unlike fpcalc (120 s by default) the whole file is fingerprinted unless --length
 * says otherwise. Runs on the main (control) thread.
 */
@CommandLine.Command(name = "fingerprint",
        customSynopsis = "usage: ersatz fingerprint IN... [OPTIONS]",
        description = {"Chromaprint fingerprint of a file, as fpcalc prints it",
                "Prints DURATION=<whole seconds> and FINGERPRINT=<...> like fpcalc: with --raw the items as",
                "unsigned 32-bit integers (fpcalc -raw -length 0), otherwise the compressed base64 form.",
                "The whole file is used (fpcalc's own default is the first 120 s). Several files: one",
                "result each, a blank line between (as fpcalc); a file that cannot be fingerprinted is",
                "reported on stderr and skipped, and the exit code is then 1."})
public final class FingerprintCommand implements Command {
    @CommandLine.Parameters(paramLabel = "IN", arity = "1..*", description = "audio files") List<String> files = new ArrayList<>();

    @CommandLine.Option(names = "--raw", description = "print the items as comma-separated unsigned integers") boolean raw;

    @CommandLine.Option(names = "--length", paramLabel = "SECS", description = "use only the first SECS seconds (0 = all, the default)") double length = 0;

    @CommandLine.Option(names = "--json", description = "print {\"file\", \"duration\", \"fingerprint\"} on one line") boolean json;

    @Override
    public int run(Console io) throws Exception {
        OptionRange.check("fingerprint", "--length", length, 0, 1e9);
        if (files.size() == 1) {
            print(fingerprint(Path.of(files.get(0)), length), Path.of(files.get(0)), raw, json, true, io);
            return 0;
        }
        boolean first = true;
        int failed = 0;
        for (String name : files) {
            Path in = Path.of(name);
            Fingerprint fp;
            try {
                fp = fingerprint(in, length);
            } catch (AudioFileException | CliError e) {
                io.warn(e.getMessage());
                failed++;
                continue;
            }
            print(fp, in, raw, json, first, io);
            first = false;
        }
        return failed == 0 ? 0 : 1;
    }

    private static Fingerprint fingerprint(Path in, double length) throws AudioFileException {
        Fingerprint fp = Chromaprint.fingerprint(in, length); // streamed: a long WAV is not decoded whole
        if (fp.raw().length == 0) {
            throw new CliError(in + ": too short to fingerprint (" + String.format("%.2f", fp.durationSeconds())
                    + " s; Chromaprint needs at least " + String.format("%.1f", Chromaprint.MIN_SAMPLES / (double) Chromaprint.SAMPLE_RATE) + " s)");
        }
        return fp;
    }

    private static void print(Fingerprint fp, Path in, boolean raw, boolean json, boolean first, Console io) {
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("file", in.toString());
            o.put("duration", fp.durationSeconds());
            if (raw) {
                long[] items = new long[fp.raw().length];
                for (int i = 0; i < items.length; i++) items[i] = Integer.toUnsignedLong(fp.raw()[i]);
                o.put("fingerprint", items);
            } else {
                o.put("fingerprint", FingerprintCompressor.encode(fp.raw()));
            }
            io.out().println(Json.write(o));
        } else {
            if (!first) io.out().println();
            io.out().println("DURATION=" + fp.durationWholeSeconds());
            io.out().println("FINGERPRINT=" + (raw ? fp.rawText() : FingerprintCompressor.encode(fp.raw())));
        }
    }
}
