package dev.ersatz.bridge.osc;

import dev.ersatz.bridge.cli.CliError;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.cli.ProgressBar;
import dev.ersatz.bridge.jack.Playable;
import dev.ersatz.bridge.jack.TransportListener;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.preset.GeneratorKind;
import dev.ersatz.bridge.cli.ModelOption;
import dev.ersatz.engine.model.GrainModel;
import dev.ersatz.engine.model.ModelGenerator;
import dev.ersatz.engine.session.KindPrograms;
import dev.ersatz.engine.preset.LoadedPreset;
import dev.ersatz.engine.preset.ParameterCatalog;
import dev.ersatz.engine.preset.PresetCodec;
import dev.ersatz.engine.preset.PresetException;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.render.Processor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What `ersatz run` plays: the instrument, loaded with the corpus for the preset's generator kind
 * (a model kind trains once and is cached), the preset applied, and the live control side
 * (presets, MIDI learn, program change, OSC). Control thread; {@link #processor} runs on JACK's.
 */
public final class PresetPlayable implements Playable {
    private final Instrument instrument;
    private final LiveControl control;
    private final Processor processor;
    private final TransportListener transport;

    private PresetPlayable(Instrument instrument, LiveControl control) {
        this.instrument = instrument;
        this.control = control;
        this.processor = control.tap(instrument);
        var state = instrument.transport();
        this.transport = state::update;
    }

    /**
     * @param corpus       the corpus folder, or null for the preset's own {@code corpus} reference
     * @param presetFile   the preset to start from, or null for the defaults (sampler)
     * @param presetFolder where program change, OSC load and save look; null for the preset's folder (or ./presets)
     * @param oscPort      OSC port; -1 for none
     */
    public static PresetPlayable open(Path corpus, Path presetFile, Path presetFolder, String oscHost, int oscPort,
                                      long seed, Console io) throws Exception {
        return open(corpus, null, 0, presetFile, presetFolder, oscHost, oscPort, seed, io);
    }

    /**
     * As above, but playing a model made by `ersatz train` when {@code model} is given (instead of a
     * corpus): the preset then sets parameters and mappings; a program change to a preset of
     * another kind needs that preset to name its corpus.
     */
    public static PresetPlayable open(Path corpus, Path model, double maxCopyMs, Path presetFile, Path presetFolder,
                                      String oscHost, int oscPort, long seed, Console io) throws Exception {
        PresetCodec codec = new PresetCodec(ParameterCatalog.instrument());
        LoadedPreset preset = null;
        if (presetFile != null) {
            try {
                preset = codec.load(presetFile);
            } catch (PresetException e) {
                throw new CliError(e.getMessage());
            }
            for (String w : preset.warnings()) io.warn(w);
        }
        Instrument instrument = new Instrument();
        GeneratorKind kind;
        if (model != null) {
            kind = GeneratorKind.MODEL;
            GrainModel m = ModelOption.read(model, "run");
            instrument.load(ModelGenerator.material(m), ModelOption.generator(m, maxCopyMs, "run"), seed);
        } else {
            if (corpus == null && preset != null) corpus = preset.corpusPath();
            if (corpus == null) throw CliError.usage("run: --corpus DIR is required (the preset names no corpus)");
            if (!Files.exists(corpus)) throw new CliError(corpus + ": no such file or directory");
            kind = preset == null ? GeneratorKind.SAMPLER : preset.preset().kind();
            load(instrument, kind, loadCorpus(corpus, kind, io), seed, io);
        }
        Path folder = presetFolder != null ? presetFolder
                : presetFile != null ? presetFile.toAbsolutePath().getParent() : Path.of("presets");
        final Path corpusDir = corpus;
        LiveControl control = LiveControl.start(instrument, preset, kind, folder, oscHost, oscPort,
                p -> {
                    Path c = p.corpusPath() != null ? p.corpusPath() : corpusDir;
                    if (c == null) throw new IllegalArgumentException("the preset names no corpus (this run plays a model)");
                    load(instrument, p.preset().kind(), loadCorpus(c, p.preset().kind(), io), seed, io);
                },
                io::warn);
        if (control.osc() != null) io.warn("listening for OSC on " + oscHost + ":" + control.osc().port());
        return new PresetPlayable(instrument, control);
    }

    /**
     * Control thread: the corpus, each file at its own rate (voices resample to JACK's), except for a
     * model, which trains at one rate (48 kHz). Unreadable and too-short files are reported and skipped.
     */
    static List<Clip> loadCorpus(Path corpus, GeneratorKind kind, Console io) {
        List<Clip> clips;
        try (ProgressBar bar = io.progress("loading")) {
            clips = CorpusLoader.load(List.of(corpus), kind == GeneratorKind.MODEL ? 48000 : 0, e -> io.warn(e.getMessage()), bar);
        }
        List<Clip> playable = new java.util.ArrayList<>();
        for (Clip c : clips) {
            if (c.audio().frames() < dev.ersatz.engine.render.Material.MIN_FRAMES) io.warn(c.source() + ": too short to play (" + c.audio().frames() + " frames)");
            else playable.add(c);
        }
        if (playable.isEmpty()) throw new CliError(corpus + ": no audio files to play");
        return playable;
    }

    /** Control thread: builds the kind's material and generator (training a model if needed) and swaps it in. */
    static void load(Instrument instrument, GeneratorKind kind, List<Clip> clips, long seed, Console io) throws Exception {
        KindPrograms.Playable p;
        try (ProgressBar bar = io.progress(KindPrograms.needsTraining(kind, clips) ? "training" : "preparing")) {
            p = KindPrograms.build(kind, clips, bar);
        } catch (IllegalArgumentException e) {
            throw new CliError(e.getMessage());
        }
        instrument.load(p.material(), p.generator(), seed);
    }

    public Instrument instrument() { return instrument; }

    public LiveControl control() { return control; }

    @Override public Processor processor() { return processor; }

    @Override public TransportListener transportListener() { return transport; }

    @Override public int lookaheadFrames() { return instrument.latencyFrames(); }

    @Override public int voices() { return instrument.voicesSounding(); }

    @Override public int polyphony() { return Instrument.POLYPHONY; }

    @Override public double temperature() { return instrument.parameter(InstrumentParams.TEMPERATURE); }

    @Override public long underruns() { return instrument.underruns(); }

    @Override
    public void close() {
        control.close();
        instrument.shutdown();
    }
}
