package dev.ersatz.bridge.cli;

import dev.ersatz.engine.analysis.Texture;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.bounce.Bouncer;
import dev.ersatz.engine.preset.ParameterCatalog;
import dev.ersatz.engine.preset.ParameterInfo;
import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.SessionException;
import dev.ersatz.engine.session.Sources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * `ersatz bounce --corpus DIR --seconds S -o OUT.wav`: renders a texture offline with the engine the
 * live instrument uses (deterministic non-real-time mode). Main (control) thread.
 */
@CommandLine.Command(name = "bounce",
        customSynopsis = {"usage: ersatz bounce --corpus DIR --seconds S -o OUT.wav [options]",
                "       ersatz bounce --corpus DIR --preset FILE --midi FILE.mid -o OUT.wav [options]"},
        description = {"render a texture from a corpus to a WAV file, offline and deterministic",
                "Plays the corpus with the live engine, faster than real time, and writes the result. Without a",
                "MIDI file one note (the root note, or --note) is held for the whole length. With --midi the",
                "bounce follows the Standard MIDI File: notes, controllers, pitch bend and program changes land",
                "on the frames its tempo map gives. The same seed and settings give the same file, byte for byte."})
public final class BounceCommand implements Command {
    static final double MAX_SECONDS = 1800;

    @CommandLine.Option(names = "--corpus", paramLabel = "DIR", description = "audio files or folders to play (repeat for more; default: the preset's corpus)")
    List<String> corpus = new ArrayList<>();

    @CommandLine.Option(names = "--model", paramLabel = "MODEL", description = "play a model made by ersatz train instead of a corpus (default: a model preset's \"model\")")
    Path model;

    @CommandLine.Option(names = "--max-copy-ms", paramLabel = "MS", description = "with a model: the longest stretch of its corpus it may follow verbatim")
    double maxCopyMs = 0;

    @CommandLine.Option(names = "--preset", paramLabel = "FILE", description = "start from this preset: kind, parameters, CC map (a model kind trains once, cached)")
    Path presetFile;

    @CommandLine.Option(names = "--midi", paramLabel = "FILE", description = "follow this Standard MIDI File (.mid)")
    Path midiFile;

    @CommandLine.Option(names = "--presets", paramLabel = "DIR", description = "where the MIDI file's program changes find presets (default: the preset's folder)")
    Path presetsDir;

    @CommandLine.Option(names = "--bpm", paramLabel = "BPM", description = "tempo for tempo-synced presets when the MIDI file has none (default: the corpus's own tempo, else 120)")
    Double bpm;

    @CommandLine.Option(names = "--seconds", paramLabel = "S", description = "length of the bounce, up to " + (int) MAX_SECONDS + " (default with --midi: the file's length plus the release)")
    Double seconds;

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "the WAV file to write")
    Path out;

    @CommandLine.Option(names = "--seed", paramLabel = "N", description = "random seed (default 1)")
    long seed = 1;

    @CommandLine.Option(names = "--temperature", paramLabel = "T", description = "0 carries straight on, 1 the usual, up to 4 wilder (default 1, or the preset's)")
    Double temperature;

    @CommandLine.Option(names = "--note", paramLabel = "N", description = "MIDI note to hold (default: the root_note parameter, 60)")
    Integer note;

    @CommandLine.Option(names = "--velocity", paramLabel = "V", description = "its velocity, 1-127 (default 100)")
    int velocity = 100;

    @CommandLine.Option(names = "--rate", paramLabel = "HZ", description = "sample rate (default 48000)")
    int rate = 48000;

    @CommandLine.Option(names = "--format", paramLabel = "FORMAT", description = "16, 24 or 32f (default 24)")
    String format = "24";

    @CommandLine.Option(names = "--set", paramLabel = "ID=VALUE", description = "set a parameter by its stable id, e.g. --set density=20 (repeatable; see docs/manual/parameters.md)")
    List<String> sets = new ArrayList<>();

    @Override
    public int run(Console io) throws Exception {
        double seconds = this.seconds == null ? Double.NaN : OptionRange.check("bounce", "--seconds", this.seconds, 0.001, MAX_SECONDS);
        boolean temperatureGiven = this.temperature != null;
        double temperature = OptionRange.check("bounce", "--temperature", temperatureGiven ? this.temperature : 1, 0, 4);
        OptionRange.check("bounce", "--rate", rate, 8000, 192000);
        OptionRange.check("bounce", "--velocity", velocity, 1, 127);
        int note = this.note == null ? -1 : OptionRange.check("bounce", "--note", this.note, 0, 127);
        SampleFormat format = format(this.format);
        double bpm = this.bpm == null ? Double.NaN : OptionRange.check("bounce", "--bpm", this.bpm, 1, 999);
        OptionRange.check("bounce", "--max-copy-ms", maxCopyMs, 0, 1e9);

        if (Double.isNaN(seconds) && midiFile == null) throw CliError.usage("bounce: --seconds S is required (or --midi FILE)");
        if (out == null) throw CliError.usage("bounce: -o OUT.wav is required");

        List<Path> corpusPaths = corpus.stream().map(Path::of).toList();
        Description d = Description.of(new Sources(corpusPaths, model)).withPreset(presetFile).withPresetFolder(presetsDir)
                .withSeed(seed).withRate(rate).withMaxCopyMs(maxCopyMs);
        Map<String, Double> set = settings(sets, ParameterCatalog.instrument(), "bounce");
        if (temperatureGiven && set.containsKey("temperature")) throw CliError.usage("bounce: give --temperature or --set temperature=T, not both");
        for (Map.Entry<String, Double> e : set.entrySet()) d = d.withOverride(e.getKey(), e.getValue());
        // --temperature, else the default 1 without a preset; --set temperature=T is as good as --temperature T.
        if (temperatureGiven || (presetFile == null && !set.containsKey("temperature"))) d = d.withOverride("temperature", temperature);
        Bounced b = bounce(d, new InstrumentSession.Score(midiFile, seconds, note, velocity, bpm, null), io, "bounce");
        WavWriter.write(out, b.audio(), format);
        io.out().println(describe(out, b.audio(), format));
        // A model's bounce says how its texture compares with the corpus's (ersatz texture has the whole report).
        if (b.corpus() != null) io.out().println("texture: " + Texture.of(b.audio().channels(), b.audio().sampleRate()).summary(b.corpus()));
        return 0;
    }

    /** A bounce's audio, and the texture of the corpus of the model file it played (or null). */
    record Bounced(AudioData audio, Texture corpus) { }

    /** What `bounce` and `demo` both do: the session the description makes, bounced; its refusals as one-line errors. */
    static Bounced bounce(Description d, InstrumentSession.Score score, Console io, String command) {
        try (InstrumentSession session = InstrumentSession.open(d, io.reporter())) {
            return new Bounced(session.bounce(score), session.corpusTexture());
        } catch (SessionException.NoAudio e) {
            throw new CliError(command + ": no playable audio in " + e.where(), 1);
        } catch (SessionException e) {
            throw CliError.of(e, command);
        }
    }

    /** Reads `--set id=value` options: unknown ids and out-of-range values are one-line errors. */
    static Map<String, Double> settings(List<String> sets, ParameterCatalog catalog, String command) {
        Map<String, Double> p = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw CliError.usage(command + ": --set wants ID=VALUE, not '" + s + "'");
            String id = s.substring(0, eq).strip();
            ParameterInfo info = catalog.find(id);
            if (info == null) {
                throw CliError.usage(command + ": unknown parameter '" + id + "' (known: "
                        + String.join(", ", catalog.all().stream().map(ParameterInfo::id).toList()) + ")");
            }
            double v;
            try {
                v = Double.parseDouble(s.substring(eq + 1).strip());
            } catch (NumberFormatException e) {
                throw CliError.usage(command + ": --set " + id + " wants a number, not '" + s.substring(eq + 1) + "'");
            }
            if (!info.inRange(v)) {
                throw CliError.usage(command + ": " + id + " must be between " + info.min() + " and " + info.max() + " " + info.unit() + ", not " + s.substring(eq + 1));
            }
            p.put(id, v);
        }
        return p;
    }

    static SampleFormat format(String s) {
        try {
            return SampleFormat.parse(s);
        } catch (IllegalArgumentException e) {
            throw CliError.usage("bounce: " + e.getMessage());
        }
    }

    static String describe(Path out, AudioData audio, SampleFormat format) {
        float peak = Bouncer.peak(audio);
        String db = peak > 0 ? String.format("%.1f dBFS", 20 * Math.log10(peak)) : "silent";
        return String.format("wrote %s (%.1f s, %d Hz, %s, peak %s)", out, audio.seconds(), audio.sampleRate(),
                format == SampleFormat.FLOAT_32 ? "32-bit float" : format.bits + "-bit", db);
    }
}
