package dev.ersatz.engine.session;

import dev.ersatz.engine.preset.PresetFolder;
import dev.ersatz.engine.preset.PresetException;
import dev.ersatz.engine.preset.PresetCodec;
import dev.ersatz.engine.preset.Preset;
import dev.ersatz.engine.preset.ParameterInfo;
import dev.ersatz.engine.preset.LoadedPreset;
import dev.ersatz.engine.preset.ContainedPath;
import dev.ersatz.engine.preset.CcBinding;
import dev.ersatz.engine.render.ControlQueue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The instrument's current state as a preset, on the control side: every parameter change, MIDI
 * learn, preset load and program change from the CLI, OSC or MIDI goes through here, is checked,
 * is remembered (so a save writes what is playing) and is forwarded to the engine through its
 * {@link Engine} link, which carries it over the lock-free event path. Control threads only;
 * methods are synchronized because OSC, MIDI and the terminal may call at once. Loading a preset
 * (load, program change, resume) takes a lock of its own for the slow part ({@link Engine#prepare}:
 * a model may train for minutes) and the session's lock only to swap the result in, so queries,
 * notes, parameters and learn are answered while a preset loads; loads happen one at a time.
 */
public final class PresetSession {

    /** How the session reaches the engine. Implementations post to the lock-free control→audio path. */
    public interface Engine {
        /**
         * A parameter changed (the value is within its range), to apply at instrument frame
         * {@code atFrame} or, with {@link ControlQueue#ASAP}, at the next block.
         */
        void setParameter(String id, double value, long atFrame);

        /** A note from a control surface (velocity 0 is note-off), at {@code atFrame} or {@link ControlQueue#ASAP}. */
        void note(int note, int velocity, long atFrame);

        /**
         * Before {@link #apply}, off the session's lock: the slow part of taking over {@code preset},
         * such as another generator kind's program (loading a corpus, training a model), built and
         * swapped in. The session keeps answering meanwhile. Default: nothing to build.
         */
        default void prepare(LoadedPreset preset) throws Exception { }

        /** A whole preset (parameters, CC mapping, root note) takes over; quick, under the session's lock. */
        void apply(LoadedPreset preset);

        /** MIDI learn: the next controller moved maps to this parameter. */
        void armLearn(String id);

        /**
         * The parameter's value as the engine plays it now, which a MIDI controller may have moved
         * since the session set it; NaN when the engine cannot tell.
         */
        double playing(String id);
    }

    private final PresetCodec codec;
    private final PresetFolder folder;
    private final Engine engine;
    /** Held while a preset loads (before the session's lock, never inside it): one load at a time. */
    private final Object loading = new Object();
    private Preset current;
    private Path currentFile;
    private String armed;

    public PresetSession(PresetCodec codec, PresetFolder folder, Preset initial, Path initialFile, Engine engine) {
        this.codec = codec;
        this.folder = folder;
        this.current = initial;
        this.currentFile = initialFile;
        this.engine = engine;
    }

    public PresetFolder folder() { return folder; }

    /** What is playing: the preset with the parameter values the engine plays now (knobs moved by MIDI included). */
    public synchronized Preset current() { return playing(); }

    /** The parameter id to value, as playing now. */
    public synchronized Map<String, Double> parameters() { return playing().parameters(); }

    /**
     * Takes the engine's values into {@code current}. A value the engine holds as a float is kept as
     * the session's double when they agree (a knob set to 0.3 stays 0.3), else taken as the float's
     * shortest decimal (a controller's 0.503937, not 0.5039370059967041).
     */
    private Preset playing() {
        Preset p = current;
        for (Map.Entry<String, Double> e : p.parameters().entrySet()) {
            double live = engine.playing(e.getKey());
            if (Double.isNaN(live) || (float) live == (float) e.getValue().doubleValue()) continue;
            p = p.withParameter(e.getKey(), Double.parseDouble(Float.toString((float) live)));
        }
        current = p;
        return p;
    }

    /**
     * Sets a parameter. Out-of-range values are clamped (a controller pushed past its end is not an
     * error); unknown ids and values that are not numbers are refused.
     */
    public double set(String id, double value) { return set(id, value, ControlQueue.ASAP); }

    /**
     * As {@link #set(String, double)}, applied at instrument frame {@code atFrame} (a time-tagged OSC
     * bundle's) or {@link ControlQueue#ASAP}. The state takes the value at once.
     */
    public synchronized double set(String id, double value, long atFrame) {
        ParameterInfo info = codec.catalog().find(id);
        if (info == null) throw new IllegalArgumentException("unknown parameter '" + id + "'");
        if (!Double.isFinite(value)) throw new IllegalArgumentException(id + ": " + value + " is not a number");
        double v = Math.max(info.min(), Math.min(info.max(), value));
        current = current.withParameter(id, v);
        engine.setParameter(id, v, atFrame);
        return v;
    }

    public void note(int note, int velocity) { note(note, velocity, ControlQueue.ASAP); }

    /** A note (velocity 0 is note-off) at instrument frame {@code atFrame}, or {@link ControlQueue#ASAP}. */
    public synchronized void note(int note, int velocity, long atFrame) {
        if (note < 0 || note > 127) throw new IllegalArgumentException("note " + note + " is not 0..127");
        if (velocity < 0 || velocity > 127) throw new IllegalArgumentException("velocity " + velocity + " is not 0..127");
        engine.note(note, velocity, atFrame);
    }

    /** Arms MIDI learn for a parameter. */
    public synchronized void learn(String id) {
        if (codec.catalog().find(id) == null) throw new IllegalArgumentException("unknown parameter '" + id + "'");
        armed = id;
        engine.armLearn(id);
    }

    /** The parameter armed for learning, or null. */
    public synchronized String armed() { return armed; }

    /** The engine reports that controller {@code cc} was learnt for {@code id}: remembered for saving. */
    public synchronized void learnt(int cc, String id) {
        ParameterInfo info = codec.catalog().find(id);
        if (info == null) throw new IllegalArgumentException("unknown parameter '" + id + "'");
        current = current.withLearnt(cc, CcBinding.whole(info));
        if (id.equals(armed)) armed = null;
    }

    /** Loads a preset by name from the folder (names that leave it are refused). */
    public LoadedPreset load(String name) throws PresetException, ContainedPath.Refused {
        return loadFile(folder.resolveName(name));
    }

    public LoadedPreset loadFile(Path file) throws PresetException {
        synchronized (loading) {
            LoadedPreset p = codec.load(file);
            take(p, file);
            return p;
        }
    }

    /** Holding {@link #loading}: prepares {@code p} off the session's lock, then swaps it in under it. */
    private void take(LoadedPreset p, Path file) {
        try {
            engine.prepare(p);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        synchronized (this) {
            engine.apply(p);
            current = p.preset();
            currentFile = file;
            armed = null;
        }
    }

    /**
     * Takes back what {@link #state} returned, in this session or an earlier one (a run that comes
     * back after its JACK server went away): the preset is applied as a load would, its references
     * resolve where its file was, and the file stays the one it came from. {@code source} names the
     * state in messages.
     */
    public void resume(Map<?, ?> state, String source) throws PresetException {
        if (!(state.get("preset") instanceof Map<?, ?> preset)) throw new PresetException(source, "preset: missing");
        Path file = state.get("file") instanceof String f ? Path.of(f) : null;
        Path refs = file != null ? file.toAbsolutePath().getParent()
                : state.get("folder") instanceof String d ? Path.of(d) : folder.dir();
        LoadedPreset p = codec.decode(dev.ersatz.engine.util.Json.write(preset), source, refs, file);
        synchronized (loading) {
            take(p, file);
        }
    }

    /** Program change: the N-th preset of the folder, or null (nothing changes) when there is none. */
    public LoadedPreset program(int program) throws PresetException, IOException {
        Path p = folder.forProgram(program);
        return p == null ? null : loadFile(p);
    }

    /**
     * Saves the current state under a name in the folder, atomically, and the state takes that
     * name (save as); returns the file.
     */
    public synchronized Path save(String name) throws IOException, ContainedPath.Refused {
        Path f = folder.resolveName(name);
        current = playing().withName(f.getFileName().toString().replaceFirst("(?i)\\.json$", ""));
        saveFile(f);
        return f;
    }

    /** Saves the current state to a file chosen by the user (not from outside input), atomically. */
    public synchronized void saveFile(Path file) throws IOException {
        codec.save(file, playing());
        currentFile = file;
    }

    /** The state as a JSON-ready map: the preset as it would be saved, its file and the armed parameter. */
    public synchronized Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", codec.toJson(playing()));
        m.put("file", currentFile == null ? null : currentFile.toString());
        m.put("folder", folder.dir().toString());
        m.put("armed", armed);
        return m;
    }
}
