package dev.ersatz.engine.session;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.render.Audition;
import dev.ersatz.engine.bounce.Bouncer;
import dev.ersatz.engine.bounce.Timeline;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.compose.LiveComposer;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.midi.MidiFileException;
import dev.ersatz.engine.midi.MidiFileTimeline;
import dev.ersatz.engine.midi.MidiTimeline;
import dev.ersatz.engine.analysis.Analyzer;
import dev.ersatz.engine.analysis.CorpusTempo;
import dev.ersatz.engine.analysis.TempoEstimate;
import dev.ersatz.engine.analysis.Texture;
import dev.ersatz.engine.model.GrainModel;
import dev.ersatz.engine.model.ModelFile;
import dev.ersatz.engine.model.ModelFileException;
import dev.ersatz.engine.model.ModelGenerator;
import dev.ersatz.engine.preset.GeneratorKind;
import dev.ersatz.engine.preset.LoadedPreset;
import dev.ersatz.engine.preset.ParameterCatalog;
import dev.ersatz.engine.preset.Preset;
import dev.ersatz.engine.preset.PresetCodec;
import dev.ersatz.engine.preset.PresetException;
import dev.ersatz.engine.preset.PresetFolder;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.resynth.ResynthProcessor;
import dev.ersatz.engine.resynth.ResynthSource;
import dev.ersatz.engine.resynth.Resynthesizer;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.Processor;
import dev.ersatz.engine.render.TransportState;
import dev.ersatz.engine.util.AtomicText;
import dev.ersatz.engine.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.ersatz.engine.util.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One playing instrument and everything that decides what it plays: built from a {@link Description}
 * (sources, preset, overrides, seed), it owns the {@link Instrument}, its generator program (and
 * the programs later presets switch to), the model cache, the preset state with its parameter and
 * CC maps ({@link #control()}), and the state a run keeps across a lost server. Every front end
 * drives this one object: {@code ersatz run} hands {@link #processor()} to JACK and
 * {@link #startLive() starts} the live control side, {@code ersatz bounce} calls {@link #bounce},
 * OSC and MIDI reach it through {@link #control()}; none of them wires an instrument itself.
 *
 * <p>Threads: control threads only, except {@link #processor()}, which the backend's audio thread runs.
 */
public final class InstrumentSession implements AutoCloseable {
    /** A bounce that follows a MIDI file ends this long after it at the most, for the release to sound. */
    private static final double MAX_RELEASE_TAIL_SECONDS = 10;

    private final Instrument instrument;
    private final boolean ownsInstrument;
    private final Reporter reporter;
    private final Preset initial;
    private final int rate;
    private final Path programFolder;
    private final InstrumentLink link;
    private final PresetSession control;
    private final ComposerTap processor;
    private final ResynthProcessor resynth;
    private List<Clip> resynthClips; // what resynthesis was described from, to describe again at a backend's rate
    private long resynthSeed;
    private double resynthUnitMs;
    private final Texture corpusTexture;
    /** The programs of a session that loads its own (null around a caller's instrument). */
    private final Programs programs;

    private InstrumentSession(Instrument instrument, boolean ownsInstrument, Reporter reporter, Preset initial, int rate,
                              Path programFolder, InstrumentLink link, PresetSession control, Texture corpusTexture, Programs programs) {
        this.corpusTexture = corpusTexture;
        this.programs = programs;
        this.instrument = instrument;
        this.ownsInstrument = ownsInstrument;
        this.reporter = reporter;
        this.initial = initial;
        this.rate = rate;
        this.programFolder = programFolder;
        this.link = link;
        this.control = control;
        this.resynth = new ResynthProcessor(instrument, instrument::parameter);
        this.processor = new ComposerTap(new ProgramChangeTap(resynth, link), instrument.transport());
    }

    /**
     * Builds what {@code d} describes: reads the preset (its warnings to {@code r}), loads the corpus
     * or the model (a model preset trains once and is cached), loads the instrument's program and
     * applies the preset with its overrides. Nothing sounds until a backend runs {@link #processor()}.
     */
    public static InstrumentSession open(Description d, Reporter r) throws SessionException {
        PresetCodec codec = new PresetCodec(ParameterCatalog.instrument());
        LoadedPreset loaded = null;
        if (d.preset() != null) {
            try {
                loaded = codec.load(d.preset());
            } catch (PresetException e) {
                throw new SessionException(e.getMessage(), false, e);
            }
            for (String w : loaded.warnings()) r.warn(w);
        }
        Sources s = d.sources();
        // Resynthesis may have both: the corpus re-voices the input, the model takes over when it falls silent (hold).
        boolean resynth = d.kind() == GeneratorKind.RESYNTH || (d.kind() == null && loaded != null && loaded.preset().kind() == GeneratorKind.RESYNTH);
        if (!s.corpus().isEmpty() && s.model() != null && !resynth) throw SessionException.incomplete("give --corpus or --model, not both");
        List<Path> corpus = s.corpus();
        Path model = s.model();
        if (s.isEmpty() && loaded != null) {
            // A preset's own references: a model preset's trained model, else its corpus.
            if (loaded.preset().kind() == GeneratorKind.MODEL && loaded.modelPath() != null) model = loaded.modelPath();
            else if (loaded.corpusPath() != null) corpus = List.of(loaded.corpusPath());
        }
        if (corpus.isEmpty() && model == null) {
            throw SessionException.incomplete("--corpus DIR (or --model MODEL) is required" + (loaded == null ? "" : " (the preset names neither)"));
        }
        if (d.maxCopyMs() > 0 && model == null && (loaded == null || loaded.preset().kind() != GeneratorKind.MODEL)) {
            throw SessionException.incomplete("--max-copy-ms is for a model");
        }
        TrainedModels models = d.modelCache() == null ? TrainedModels.userCache() : new TrainedModels(d.modelCache());
        Instrument instrument = new Instrument();
        Programs programs = new Programs(instrument, corpus, models, d, r);
        GeneratorKind kind;
        Texture texture = null;
        List<Clip> clips = List.of();
        if (resynth && model != null && corpus.isEmpty()) {
            throw SessionException.incomplete("resynthesis re-voices the input with a corpus: give --corpus too (the model takes over when the input falls silent, with hold)");
        }
        if (model != null) {
            kind = GeneratorKind.MODEL;
            GrainModel m;
            try {
                m = ModelFile.read(model);
            } catch (ModelFileException e) {
                throw new SessionException(e.getMessage(), false, e);
            }
            ModelGenerator g;
            try {
                g = new ModelGenerator(m, d.maxCopyMs());
            } catch (IllegalArgumentException e) {
                throw SessionException.incomplete(e.getMessage());
            }
            instrument.load(ModelGenerator.material(m), g, d.seed());
            texture = m.texture();
            if (resynth) clips = programs.clips(corpus, GeneratorKind.RESYNTH);
        } else {
            kind = d.kind() != null ? d.kind() : loaded == null ? GeneratorKind.SAMPLER : loaded.preset().kind();
            clips = programs.load(kind, corpus, loaded != null && !loaded.preset().sync().isEmpty());
        }
        // The kind is what the instrument plays: a model run keeps playing its model under a sampler preset.
        Preset preset = loaded != null ? loaded.preset() : Preset.defaults("untitled", kind, codec.catalog());
        for (Map.Entry<String, Double> e : d.overrides().entrySet()) preset = preset.withParameter(e.getKey(), e.getValue());
        preset = preset.withKind(kind);
        InstrumentPresets.apply(instrument, preset);

        Path programFolder = d.presetFolder() != null ? d.presetFolder()
                : d.preset() != null ? d.preset().toAbsolutePath().getParent() : null;
        String corpusRef = loaded != null && loaded.corpusPath() != null ? loaded.corpusPath().toString() : null;
        InstrumentLink link = new InstrumentLink(instrument, kind, corpusRef, programs::reload);
        PresetSession control = new PresetSession(codec, new PresetFolder(programFolder != null ? programFolder : Path.of("presets")),
                preset, loaded == null ? null : loaded.file(), link);
        int rate = d.rate() > 0 ? d.rate() : Description.MODEL_RATE;
        InstrumentSession session = new InstrumentSession(instrument, true, r, preset, rate, programFolder, link, control, texture, programs);
        if (resynth) {
            session.resynthesizeWith(clips, rate, preset, d.seed(), r);
            session.resynth.handOver(model != null);
        }
        return session;
    }

    /**
     * A session around an instrument its caller loaded and keeps (tests, benchmarks): the live
     * control side over {@code folder}, with the defaults of {@code kind}; a preset that wants
     * another kind or corpus keeps the instrument's program.
     */
    public static InstrumentSession around(Instrument instrument, GeneratorKind kind, Path folder, Reporter r) {
        PresetCodec codec = new PresetCodec(ParameterCatalog.of(instrument.parameters()));
        Preset preset = Preset.defaults("untitled", kind, codec.catalog());
        InstrumentLink link = new InstrumentLink(instrument, kind, null, p -> { });
        InstrumentPresets.apply(instrument, preset);
        PresetSession control = new PresetSession(codec, new PresetFolder(folder), preset, null, link);
        return new InstrumentSession(instrument, false, r, preset, Description.MODEL_RATE, folder, link, control, null, null);
    }

    /**
     * How the session loads the generator programs its presets ask for, now and on later program
     * changes, and with clips added live ({@link #addToCorpus}). Loads are one at a time (this
     * object's lock): each builds its program off the audio thread and swaps it in with one store.
     */
    private static final class Programs {
        private final Instrument instrument;
        private final List<Path> corpus;
        private final TrainedModels models;
        private final Description d;
        private final Reporter r;
        /** What the playing program was built from: its kind, its corpus, whether it follows the tempo. */
        private GeneratorKind kind;
        private List<Path> playing = List.of();
        private boolean synced;

        Programs(Instrument instrument, List<Path> corpus, TrainedModels models, Description d, Reporter r) {
            this.instrument = instrument;
            this.corpus = corpus;
            this.models = models;
            this.d = d;
            this.r = r;
        }

        /**
         * The playing corpus and {@code files} as one program of the playing kind; returns the clips
         * it plays. Refused when a model file plays (there is no corpus to add to).
         */
        synchronized List<Clip> add(List<Path> files) throws SessionException {
            if (kind == null) throw SessionException.incomplete("this run plays a model file; clips can only be added to a corpus");
            List<Path> from = new ArrayList<>(playing);
            for (Path f : files) if (!from.contains(f)) from.add(f);
            List<Clip> clips = clips(from, kind);
            build(kind, from, clips, synced);
            return clips;
        }

        /** Loads {@code kind} over {@code from}; {@code synced}: the preset ties parameters to the tempo, so the corpus's tempo is measured. */
        synchronized List<Clip> load(GeneratorKind kind, List<Path> from, boolean synced) throws SessionException {
            List<Clip> clips = clips(from, kind);
            build(kind, from, clips, synced);
            return clips;
        }

        private void build(GeneratorKind kind, List<Path> from, List<Clip> clips, boolean synced) throws SessionException {
            if (synced) followCorpusTempo(clips);
            KindPrograms.Playable p;
            try (Reporter.Stage stage = r.stage(KindPrograms.needsTraining(kind, clips, models) ? "training" : "preparing")) {
                p = KindPrograms.build(kind, clips, models, d.maxCopyMs(), stage);
            } catch (IOException | IllegalArgumentException e) {
                throw new SessionException(e.getMessage(), false, e);
            }
            instrument.load(p.material(), p.generator(), d.seed());
            this.kind = kind;
            this.playing = List.copyOf(from);
            this.synced = synced;
        }

        /** A later preset's program: its own corpus, else the session's. */
        void reload(LoadedPreset p) throws SessionException {
            List<Path> from = p.corpusPath() != null ? List.of(p.corpusPath()) : corpus;
            if (from.isEmpty()) throw new IllegalArgumentException("the preset names no corpus (this run plays a model)");
            load(p.preset().kind(), from, !p.preset().sync().isEmpty());
        }

        /**
         * A tempo-synced preset follows the corpus's own tempo (its files' tempo decisions) while no
         * timebase master or MIDI file gives one; 120 BPM when no file has a steady pulse.
         */
        private void followCorpusTempo(List<Clip> clips) {
            List<TempoEstimate> estimates = new ArrayList<>();
            try (Reporter.Stage stage = r.stage("tempo")) {
                for (Clip c : clips) estimates.add(Analyzer.analyze(c.audio(), Progress.NONE).tempo());
            }
            CorpusTempo t = CorpusTempo.of(estimates);
            instrument.transport().fallbackBpm(t.present() ? t.bpm() : 120);
            r.warn("tempo sync: the corpus's tempo is " + t.describe() + (t.present() ? "" : "; 120 BPM")
                    + " until a JACK timebase master (or a MIDI file) gives one");
        }

        /**
         * The corpus at the description's rate (0: each file at its own, voices resample; a model
         * trains at one rate). Unreadable and too-short files are reported and skipped.
         */
        List<Clip> clips(List<Path> from, GeneratorKind kind) throws SessionException {
            // A model trains at one rate, and resynthesis compares units described at one rate.
            int at = d.rate() > 0 ? d.rate() : kind == GeneratorKind.MODEL || kind == GeneratorKind.RESYNTH ? Description.MODEL_RATE : 0;
            List<Clip> clips;
            try (Reporter.Stage stage = r.stage("loading")) {
                clips = CorpusLoader.load(from, at, e -> r.warn(e.getMessage()), stage);
            }
            List<Clip> playable = new ArrayList<>();
            for (Clip c : clips) {
                if (c.audio().frames() < Material.MIN_FRAMES) r.warn(c.source() + ": too short to play (" + c.audio().frames() + " frames)");
                else playable.add(c);
            }
            if (playable.isEmpty()) throw new SessionException.NoAudio(String.join(", ", from.stream().map(Path::toString).toList()));
            return playable;
        }
    }

    /**
     * What a bounce plays: a MIDI file, or one note held for the whole length, or a timeline of the
     * front end's own.
     *
     * @param midiFile  a Standard MIDI File to follow, or null
     * @param seconds   the length; NaN with a MIDI file for its length plus the release
     * @param heldNote  without MIDI: the note held, -1 for the preset's root note
     * @param velocity  the held note's velocity
     * @param bpm       tempo-synced parameters' tempo when the MIDI file has no tempo map; NaN for the
     *                  corpus's own tempo (its files' tempo decisions; 120 when none has a pulse)
     * @param timeline  events of the front end's own (then the other fields but {@code seconds} are unused), or null
     */
    public record Score(Path midiFile, double seconds, int heldNote, int velocity, double bpm, Timeline timeline) {
        /** The held root note at velocity {@value BounceScore#HELD_VELOCITY}, 120 BPM. */
        public static Score held(double seconds) { return new Score(null, seconds, -1, BounceScore.HELD_VELOCITY, 120, null); }

        public static Score of(Timeline timeline, double seconds) { return new Score(null, seconds, -1, BounceScore.HELD_VELOCITY, 120, timeline); }
    }

    /**
     * Renders the score offline, block by block, with the processor graph JACK runs (deterministic
     * non-real-time mode): the same description, seed and events give the same samples as a live run.
     * Program changes in a MIDI file select presets of the preset folder. Shuts the instrument down after.
     */
    public AudioData bounce(Score score) throws SessionException {
        MidiTimeline midi = null;
        if (score.midiFile() != null) {
            try {
                midi = MidiFileTimeline.read(score.midiFile(), rate);
            } catch (MidiFileException e) {
                throw new SessionException(e.getMessage(), false, e);
            }
        }
        if (Double.isNaN(score.seconds()) && midi == null) throw SessionException.incomplete("--seconds S is required (or --midi FILE)");
        long frames = !Double.isNaN(score.seconds()) ? Math.round(score.seconds() * rate)
                : midi.lengthFrames() + Math.round(Math.min(MAX_RELEASE_TAIL_SECONDS, initial.parameters().getOrDefault("release", 300.0) / 1000 + 0.5) * rate);
        Timeline timeline = score.timeline();
        double bpm = Double.isNaN(score.bpm()) ? instrument.transport().bpm() : score.bpm(); // NaN: the corpus's tempo (or 120)
        // The bounce's tempo is its transport's: the beat grid of the sync parameter and the tempo-synced
        // parameters run at it (the MIDI file's tempo map, --bpm, else the corpus's), from the first frame.
        TransportState transport = instrument.transport();
        double fallback = transport.bpm();
        transport.fallbackBpm(BounceScore.startBpm(midi, bpm));
        try {
            if (timeline == null) {
                if (!initial.sync().isEmpty()) InstrumentPresets.apply(instrument, initial); // synced values shape the first decisions
                BounceScore.Programs programs = programFolder == null ? null
                        : new BounceScore.Programs(new PresetFolder(programFolder), new PresetCodec(ParameterCatalog.instrument()), reporter::warn);
                timeline = BounceScore.build(initial, midi, frames, instrument.parameters(), score.heldNote(), score.velocity(), programs);
            }
            try (Reporter.Stage stage = reporter.stage("bouncing")) {
                return Bouncer.render(instrument, timeline, frames, rate, stage);
            }
        } finally {
            transport.fallbackBpm(fallback);
        }
    }

    /**
     * Renders what a bounce without a MIDI file plays (the held note, the preset's tempo sync), but
     * without end: file after file of {@code fileFrames} into {@code sink} until it says stop
     * ({@link Bouncer#stream}); {@code skipFiles} resumes a stream, sample for sample. With a
     * composer ({@link #compose}, {@code self}) no note is held: the composer's phrases play the
     * instrument, through {@link #processor()} as live, and the renderer waits for each phrase as it
     * waits for the generators. Deterministic like a bounce: the files are the samples of one long
     * bounce with the same description and seed (and model). Shuts the instrument down after.
     * Control thread.
     */
    public void stream(int heldNote, int velocity, double bpm, long fileFrames, long skipFiles, Bouncer.FileSink sink) throws Exception {
        TransportState transport = instrument.transport();
        double fallback = transport.bpm();
        double tempo = Double.isNaN(bpm) ? fallback : bpm;
        transport.fallbackBpm(tempo);
        try {
            if (!initial.sync().isEmpty()) InstrumentPresets.apply(instrument, initial);
            LiveComposer composer = processor.composer();
            Timeline timeline = BounceScore.build(initial, null, 0, instrument.parameters(), composer != null ? BounceScore.NO_NOTE : heldNote, velocity, null);
            Bouncer.stream(instrument, processor, () -> composer == null ? null : composer.failure(), timeline, rate, fileFrames, skipFiles, sink);
        } finally {
            transport.fallbackBpm(fallback);
        }
    }

    /**
     * Control thread: plays {@code file} as it is through the instrument's output, over what plays,
     * from the next block (decoded and resampled here, handed over in one store); returns its
     * length in seconds. Refused before a backend runs (the rate is not known yet).
     */
    public double audition(Path file) throws SessionException {
        AudioData audio;
        try {
            audio = AudioFiles.read(file);
        } catch (AudioFileException e) {
            throw new SessionException(e.getMessage(), false, e);
        }
        if (audio.frames() == 0) throw SessionException.incomplete(file + ": no samples to audition");
        try {
            instrument.audition(Audition.of(audio, instrument.sampleRate()));
        } catch (IllegalArgumentException e) {
            throw SessionException.incomplete(file + ": " + e.getMessage());
        }
        return audio.seconds();
    }

    /** Control thread: stops an audition. */
    public void stopAudition() { instrument.audition(null); }

    /**
     * Control thread: adds {@code files} (audio files or folders) to the corpus the instrument plays:
     * the program of the playing kind is built again over the corpus and them, off the audio thread,
     * and swapped in with one store (a model preset trains again, cached; a resynthesis describes
     * and indexes the units again, swapped in as well). Unreadable files are reported and skipped.
     * Returns how many clips the instrument now plays.
     */
    public int addToCorpus(List<Path> files) throws SessionException {
        if (programs == null) throw SessionException.incomplete("this instrument's program is its caller's; clips cannot be added");
        List<Clip> clips = programs.add(files);
        // Resynthesis re-voices its input with the corpus's units: those are described again too.
        if (resynth.resynthesizing()) resynthesizeWith(clips, rate, control.current(), programs.d.seed(), reporter);
        return clips.size();
    }

    /**
     * Live, what {@link #stream} plays offline: holds {@code heldNote} (-1: the preset's root note) at
     * {@code velocity} from the next period, unless a composer plays the instrument; and sets the
     * tempo the instrument's own grid runs at while no timebase master gives one ({@code bpm}, NaN
     * to keep the corpus's). Control thread, with a backend running (or about to) {@link #processor()}.
     */
    public void streamLive(int heldNote, int velocity, double bpm) {
        if (!Double.isNaN(bpm)) instrument.transport().fallbackBpm(bpm);
        if (processor.composer() == null) control.note(BounceScore.heldNote(initial, heldNote), velocity);
    }

    /** The sample rate the session plays at. */
    public int rate() { return rate; }

    /** Live: starts the control side (MIDI learn, program changes, tempo sync), reporting to the session's reporter. */
    public void startLive() { link.start(control, reporter::warn); }

    /** What a backend runs on its audio thread: the instrument, with MIDI program changes handed to the control side. */
    public Processor processor() { return processor; }

    /**
     * Control thread: play {@code composer} live (its worker started here), its notes written out by
     * the backend ({@link #composed}) and, with {@code self}, played by the instrument too; null stops it.
     */
    public void compose(LiveComposer composer, boolean self) {
        if (composer != null) composer.start();
        LiveComposer old = processor.composer();
        processor.compose(composer, self);
        if (old != null) old.close();
    }

    /**
     * Control thread: describes {@code clips} (at {@code rate}) into units no longer than the preset's
     * {@code unit} and indexes them, so the processor resynthesizes its audio input with them.
     */
    private void resynthesizeWith(List<Clip> clips, int rate, Preset preset, long seed, Reporter r) throws SessionException {
        resynthClips = clips;
        resynthSeed = seed;
        resynthUnitMs = preset.parameters().getOrDefault("unit", (double) instrument.parameters().get(InstrumentParams.UNIT).defaultValue());
        describe(clips, rate, r);
    }

    private void describe(List<Clip> clips, int rate, Reporter r) throws SessionException {
        try (Reporter.Stage stage = r.stage("describing units")) {
            resynth.load(ResynthSource.of(clips, rate, (int) Math.round(resynthUnitMs * 0.001 * rate), resynthSeed, stage), resynthSeed);
        } catch (IllegalArgumentException e) {
            throw new SessionException(e.getMessage(), false, e);
        }
    }

    /**
     * Control thread, once a backend says its rate: resynthesis describes its input at that rate, so
     * a corpus described at another is described again at this one (resampled), and swapped in.
     * True when it had to.
     */
    public boolean resynthesizeAt(int rate) throws SessionException {
        ResynthSource s = resynth.source();
        if (!resynth.resynthesizing() || resynthClips == null || (s != null ? s.rate() : this.rate) == rate) return false;
        List<Clip> at = new ArrayList<>();
        for (Clip c : resynthClips) at.add(c.audio().sampleRate() == rate ? c : new Clip(c.source(), dev.ersatz.engine.audio.Resampler.resample(c.audio(), rate)));
        describe(at, rate, reporter);
        return true;
    }

    /** Whether the session resynthesizes an audio input (a resynth kind): then a backend opens inputs for it. */
    public boolean resynthesizing() { return resynth.resynthesizing(); }

    /** The resynthesis in the graph (inert unless {@link #resynthesizing}); its counters for status lines. */
    public ResynthProcessor resynthesis() { return resynth; }

    /**
     * Resynthesizes {@code input} (at {@link #rate}) offline with the graph a live run plays, its
     * latency removed (see {@link Resynthesizer}); the same description and seed give the same
     * samples. Shuts the graph down after. Control thread.
     */
    public AudioData resynthesize(AudioData input) throws SessionException {
        if (!resynth.resynthesizing()) throw SessionException.incomplete("this session does not resynthesize (it needs the resynth kind)");
        if (input.sampleRate() != rate) throw SessionException.incomplete("input at " + input.sampleRate() + " Hz, the session at " + rate);
        try (Reporter.Stage stage = reporter.stage("resynthesizing")) {
            return Resynthesizer.render(processor, resynth, input, rate, stage);
        }
    }

    /** Frames from the audio input to the output for periods of {@code period} frames (0 without resynthesis). */
    public int inputLatencyFrames(int period) { return resynth.resynthesizing() ? ResynthProcessor.latencyFrames(period) : 0; }

    /** The composer's notes of the block just rendered (audio thread, after the processor ran; empty without one). */
    public EventBuffer composed() { return processor.composed(); }

    /** The live composer, or null (control thread). */
    public LiveComposer composer() { return processor.composer(); }

    /** The instrument (for status: voices, temperature, underruns; and its transport). */
    public Instrument instrument() { return instrument; }

    /** Any thread: the texture figures of the corpus of the model file this session plays, or null (it plays no model file). */
    public Texture corpusTexture() { return corpusTexture; }

    /** The preset state every control surface goes through: parameters, notes, presets, learn, save. */
    public PresetSession control() { return control; }

    /** The control link (tests drive its poller by hand). */
    public InstrumentLink link() { return link; }

    /** Frames of lookahead the generator adds, for the backend to report as latency. */
    public int lookaheadFrames() { return instrument.latencyFrames(); }

    /**
     * Takes back the state {@link #keep} wrote, in this process or an earlier one. False when there is
     * none; a state that cannot be taken back throws (the session plays on as it was).
     */
    public boolean resume(Path file) throws SessionException {
        if (!Files.exists(file)) return false;
        try {
            Object state;
            try {
                state = Json.parse(Files.readAllBytes(file)); // bytes: invalid UTF-8 is reported with its line
            } catch (Json.ParseException e) {
                throw new PresetException(file.toString(), "malformed JSON at " + e.getMessage());
            }
            if (!(state instanceof Map<?, ?> m)) throw new PresetException(file.toString(), "not a JSON object");
            control.resume(m, file.toString());
        } catch (IOException | PresetException | IllegalArgumentException e) {
            throw new SessionException(e.getMessage(), false, e);
        }
        return true;
    }

    /** Writes what plays (parameters as playing, MIDI learn, the preset file) atomically to {@code file}. */
    public void keep(Path file) throws IOException { AtomicText.write(file, Json.pretty(control.state())); }

    /** Stops the control side and (when the session made it) the instrument, after the backend's last period. */
    @Override
    public void close() {
        link.close();
        if (ownsInstrument) instrument.shutdown();
        LiveComposer c = processor.composer();
        if (c != null) c.close(); // its worker only: a backend still running plays on without new phrases
    }
}
