package dev.ersatz.engine.preset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The instrument's current state as a preset, on the control side: every parameter change, MIDI
 * learn, preset load and program change from the CLI, OSC or MIDI goes through here, is checked,
 * is remembered (so a save writes what is playing) and is forwarded to the engine through its
 * {@link Engine} link, which carries it over the lock-free event path. Control threads only;
 * methods are synchronized because OSC, MIDI and the terminal may call at once.
 */
public final class PresetSession {

    /** How the session reaches the engine. Implementations post to the lock-free control→audio path. */
    public interface Engine {
        /** A parameter changed (the value is within its range). */
        void setParameter(String id, double value);

        /** A note from a control surface: velocity 0 is note-off. */
        void note(int note, int velocity);

        /** A whole preset (parameters, CC mapping, root note, maybe another kind) takes over. */
        void apply(LoadedPreset preset);

        /** MIDI learn: the next controller moved maps to this parameter. */
        void armLearn(String id);
    }

    private final PresetCodec codec;
    private final PresetFolder folder;
    private final Engine engine;
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

    public synchronized Preset current() { return current; }

    /** The parameter id to value, as playing now. */
    public synchronized Map<String, Double> parameters() { return current.parameters(); }

    /**
     * Sets a parameter. Out-of-range values are clamped (a controller pushed past its end is not an
     * error); unknown ids and values that are not numbers are refused.
     */
    public synchronized double set(String id, double value) {
        ParameterInfo info = codec.catalog().find(id);
        if (info == null) throw new IllegalArgumentException("unknown parameter '" + id + "'");
        if (!Double.isFinite(value)) throw new IllegalArgumentException(id + ": " + value + " is not a number");
        double v = Math.max(info.min(), Math.min(info.max(), value));
        current = current.withParameter(id, v);
        engine.setParameter(id, v);
        return v;
    }

    public synchronized void note(int note, int velocity) {
        if (note < 0 || note > 127) throw new IllegalArgumentException("note " + note + " is not 0..127");
        if (velocity < 0 || velocity > 127) throw new IllegalArgumentException("velocity " + velocity + " is not 0..127");
        engine.note(note, velocity);
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
    public synchronized LoadedPreset load(String name) throws PresetException, ContainedPath.Refused {
        return loadFile(folder.resolveName(name));
    }

    public synchronized LoadedPreset loadFile(Path file) throws PresetException {
        LoadedPreset p = codec.load(file);
        engine.apply(p);
        current = p.preset();
        currentFile = file;
        armed = null;
        return p;
    }

    /** Program change: the N-th preset of the folder, or null (nothing changes) when there is none. */
    public synchronized LoadedPreset program(int program) throws PresetException, IOException {
        Path p = folder.forProgram(program);
        return p == null ? null : loadFile(p);
    }

    /**
     * Saves the current state under a name in the folder, atomically, and the state takes that
     * name (save as); returns the file.
     */
    public synchronized Path save(String name) throws IOException, ContainedPath.Refused {
        Path f = folder.resolveName(name);
        current = current.withName(f.getFileName().toString().replaceFirst("(?i)\\.json$", ""));
        saveFile(f);
        return f;
    }

    /** Saves the current state to a file chosen by the user (not from outside input), atomically. */
    public synchronized void saveFile(Path file) throws IOException {
        codec.save(file, current);
        currentFile = file;
    }

    /** The state as a JSON-ready map: the preset as it would be saved, its file and the armed parameter. */
    public synchronized Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", codec.toJson(current));
        m.put("file", currentFile == null ? null : currentFile.toString());
        m.put("folder", folder.dir().toString());
        m.put("armed", armed);
        return m;
    }
}
