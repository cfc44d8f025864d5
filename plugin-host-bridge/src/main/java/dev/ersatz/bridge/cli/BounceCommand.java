package dev.ersatz.bridge.cli;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.bounce.Bouncer;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.midi.MidiFileException;
import dev.ersatz.engine.midi.MidiFileTimeline;
import dev.ersatz.engine.midi.MidiTimeline;
import dev.ersatz.engine.preset.BounceScore;
import dev.ersatz.engine.preset.GeneratorKind;
import dev.ersatz.engine.preset.InstrumentPresets;
import dev.ersatz.engine.preset.KindPrograms;
import dev.ersatz.engine.preset.LoadedPreset;
import dev.ersatz.engine.preset.ParameterCatalog;
import dev.ersatz.engine.preset.ParameterInfo;
import dev.ersatz.engine.preset.Preset;
import dev.ersatz.engine.preset.PresetCodec;
import dev.ersatz.engine.preset.PresetException;
import dev.ersatz.engine.preset.PresetFolder;
import dev.ersatz.engine.model.GrainModel;
import dev.ersatz.engine.model.ModelGenerator;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.SamplerGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * `ersatz bounce --corpus DIR --seconds S -o OUT.wav`: renders a texture offline with the engine the
 * live instrument uses (deterministic non-real-time mode). Main (control) thread.
 */
public final class BounceCommand implements Command {
    static final double MAX_SECONDS = 1800;

    @Override public String name() { return "bounce"; }

    @Override public String summary() { return "render a texture from a corpus to a WAV file, offline and deterministic"; }

    @Override
    public String usage() {
        return "usage: ersatz bounce --corpus DIR --seconds S -o OUT.wav [options]\n"
                + "       ersatz bounce --corpus DIR --preset FILE --midi FILE.mid -o OUT.wav [options]\n\n"
                + "Plays the corpus with the live engine, faster than real time, and writes the result. Without a\n"
                + "MIDI file one note (the root note, or --note) is held for the whole length. With --midi the\n"
                + "bounce follows the Standard MIDI File: notes, controllers, pitch bend and program changes land\n"
                + "on the frames its tempo map gives. The same seed and settings give the same file, byte for byte.\n\n"
                + "options:\n"
                + "  --corpus DIR          audio files or folders to play (repeat for more; default: the preset's corpus)\n"
                + "  --model MODEL         play a model made by ersatz train instead of a corpus (default: a model preset's \"model\")\n"
                + "  --max-copy-ms MS      with a model: the longest stretch of its corpus it may follow verbatim\n"
                + "  --preset FILE         start from this preset: kind, parameters, CC map (a model kind trains once, cached)\n"
                + "  --midi FILE           follow this Standard MIDI File (.mid)\n"
                + "  --presets DIR         where the MIDI file's program changes find presets (default: the preset's folder)\n"
                + "  --bpm BPM             tempo for tempo-synced presets when the MIDI file has none (default 120)\n"
                + "  --seconds S           length of the bounce, up to " + (int) MAX_SECONDS + " (default with --midi: the file's length plus the release)\n"
                + "  -o, --output FILE     the WAV file to write\n"
                + "  --seed N              random seed (default 1)\n"
                + "  --temperature T       0 carries straight on, 1 the usual, up to 4 wilder (default 1, or the preset's)\n"
                + "  --note N              MIDI note to hold (default: the root_note parameter, 60)\n"
                + "  --velocity V          its velocity, 1-127 (default 100)\n"
                + "  --rate HZ             sample rate (default 48000)\n"
                + "  --format FORMAT       16, 24 or 32f (default 24)\n"
                + "  --set <ID=VALUE>      set a parameter by its stable id, e.g. --set density=20 (repeatable;\n"
                + "                        see docs/manual/parameters.md)\n";
    }

    @Override
    public int run(Args args, Console io) throws Exception {
        List<String> corpus = args.strings("--corpus");
        double seconds = args.number("--seconds", Double.NaN, 0.001, MAX_SECONDS);
        Path out = args.path("-o", "--output");
        long seed = args.longInteger("--seed", 1);
        boolean temperatureGiven = args.string("--temperature") != null;
        double temperature = args.number("--temperature", 1, 0, 4);
        int rate = args.integer("--rate", 48000, 8000, 192000);
        int velocity = args.integer("--velocity", 100, 1, 127);
        String noteArg = args.string("--note");
        int note = noteArg == null ? -1 : args.integer("--note", 60, 0, 127);
        SampleFormat format = format(args.string("--format", "24"));
        List<String> sets = args.strings("--set");
        Path presetFile = args.path("--preset");
        Path midiFile = args.path("--midi");
        Path presetsDir = args.path("--presets");
        double bpm = args.number("--bpm", 120, 1, 999);
        Path model = args.path("--model");
        double maxCopyMs = args.number("--max-copy-ms", 0, 0, 1e9);
        args.done(0, 0);

        PresetCodec codec = new PresetCodec(ParameterCatalog.instrument());
        LoadedPreset loaded = null;
        if (presetFile != null) {
            try {
                loaded = codec.load(presetFile);
            } catch (PresetException e) {
                throw new CliError(e.getMessage());
            }
            for (String w : loaded.warnings()) io.warn(w);
        }
        if (!corpus.isEmpty() && model != null) throw CliError.usage("bounce: give --corpus or --model, not both");
        if (corpus.isEmpty() && model == null && loaded != null) {
            // A preset's own references: a model preset's trained model, else its corpus.
            if (loaded.preset().kind() == GeneratorKind.MODEL && loaded.modelPath() != null) model = loaded.modelPath();
            else if (loaded.corpusPath() != null) corpus = List.of(loaded.corpusPath().toString());
        }
        if (corpus.isEmpty() && model == null) throw CliError.usage("bounce: --corpus DIR (or --model MODEL) is required");
        if (maxCopyMs > 0 && model == null && (loaded == null || loaded.preset().kind() != GeneratorKind.MODEL)) {
            throw CliError.usage("bounce: --max-copy-ms is for a model");
        }
        if (Double.isNaN(seconds) && midiFile == null) throw CliError.usage("bounce: --seconds S is required (or --midi FILE)");
        if (out == null) throw CliError.usage("bounce: -o OUT.wav is required");

        MidiTimeline midi = null;
        if (midiFile != null) {
            try {
                midi = MidiFileTimeline.read(midiFile, rate);
            } catch (MidiFileException e) {
                throw new CliError(e.getMessage());
            }
        }
        Preset preset = loaded != null ? loaded.preset() : Preset.defaults("bounce", GeneratorKind.SAMPLER, codec.catalog());
        preset = withSettings(preset, sets, codec.catalog(), "bounce");
        if (temperatureGiven || loaded == null) preset = preset.withParameter("temperature", temperature);

        Instrument instrument = new Instrument();
        InstrumentPresets.apply(instrument, preset, BounceScore.startBpm(midi, bpm));
        if (model != null) {
            GrainModel m = ModelOption.read(model, "bounce");
            instrument.load(ModelGenerator.material(m), ModelOption.generator(m, maxCopyMs, "bounce"), seed);
        } else {
            List<Clip> clips = loadClips(corpus, rate, io, "bounce");
            KindPrograms.Playable playable;
            try (ProgressBar bar = io.progress(KindPrograms.needsTraining(preset.kind(), clips) ? "training" : "preparing")) {
                playable = KindPrograms.build(preset.kind(), clips, maxCopyMs, bar);
            } catch (IllegalArgumentException e) {
                throw new CliError("bounce: " + e.getMessage(), 1);
            }
            instrument.load(playable.material(), playable.generator(), seed);
        }

        long frames = !Double.isNaN(seconds) ? Math.round(seconds * rate)
                : midi.lengthFrames() + Math.round(Math.min(10, preset.parameters().getOrDefault("release", 300.0) / 1000 + 0.5) * rate);
        Path folder = presetsDir != null ? presetsDir : presetFile != null ? presetFile.toAbsolutePath().getParent() : null;
        BounceScore.Programs programs = folder == null ? null : new BounceScore.Programs(new PresetFolder(folder), codec, io::warn);
        AudioData audio;
        try (ProgressBar bar = io.progress("bouncing")) {
            audio = Bouncer.render(instrument, BounceScore.build(preset, midi, frames, bpm, instrument.parameters(), note, velocity, programs),
                    frames, rate, bar);
        }
        WavWriter.write(out, audio, format);
        io.out().println(describe(out, audio, format));
        return 0;
    }

    /** Applies `--set id=value` options to a preset: unknown ids and out-of-range values are one-line errors. */
    static Preset withSettings(Preset p, List<String> sets, ParameterCatalog catalog, String command) {
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
            p = p.withParameter(id, v);
        }
        return p;
    }

    /** Loads the corpus clips at {@code rate}, reporting each skipped file; a CliError when there are none. */
    static List<Clip> loadClips(List<String> inputs, int rate, Console io, String command) {
        List<Path> paths = new ArrayList<>();
        for (String s : inputs) paths.add(Path.of(s));
        List<Clip> clips;
        try (ProgressBar bar = io.progress("loading")) {
            clips = CorpusLoader.load(paths, rate, e -> io.warn(e.getMessage()), bar);
        }
        if (clips.isEmpty()) throw new CliError(command + ": no playable audio in " + String.join(", ", inputs), 1);
        return clips;
    }

    /** Loads the corpus at {@code rate}, reporting each skipped file; a CliError when nothing is playable. */
    static Material loadMaterial(List<String> inputs, int rate, Console io, String command) {
        List<Path> paths = new ArrayList<>();
        for (String s : inputs) paths.add(Path.of(s));
        List<Clip> clips;
        try (ProgressBar bar = io.progress("loading")) {
            clips = CorpusLoader.load(paths, rate, e -> io.warn(e.getMessage()), bar);
        }
        try {
            return Bouncer.material(clips, io::warn);
        } catch (IllegalArgumentException e) {
            throw new CliError(command + ": no playable audio in " + String.join(", ", inputs), 1);
        }
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
