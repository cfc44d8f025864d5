package dev.ersatz.engine.compose;

import dev.ersatz.engine.util.AtomicText;
import dev.ersatz.engine.util.Json;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MIDI model file ({@code .ersatz-midi}): UTF-8 JSON through the project's {@link Json},
 * versioned by {@code "format": "ersatz-midi-model"} and {@code "version"}. It holds what was learned
 * as data, not counts: per part the vocabulary of notes ({@code [shift, duration, pitch, velocity,
 * position]} in grid steps) and the training phrases as indices into it, plus the tempo, bar length,
 * how parts were split and the files learned. The Markov model and the copy bound are rebuilt from
 * the phrases when the file is read (milliseconds), so the file stays small, diffable and exact.
 * A part learnt with {@code --neural} also holds its GRU: {@code "network": {"hidden": H,
 * "weights": [five base64 strings of little-endian floats]}} (its inputs follow from the notes).
 * Written atomically. Control thread.
 */
public final class MidiModelFile {
    public static final String FORMAT = "ersatz-midi-model";
    public static final int VERSION = 1;
    /** Larger files are refused before parsing. */
    public static final long MAX_BYTES = 256L << 20;

    private MidiModelFile() { }

    public static void write(Path file, MidiModel m) throws MidiModelException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("stepsPerBeat", Grid.STEPS_PER_BEAT);
        root.put("bpm", m.bpm());
        root.put("barSteps", m.barSteps());
        root.put("parts", m.split().spec());
        List<Object> files = new ArrayList<>();
        for (MidiModel.Source s : m.sources()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", s.file());
            f.put("notes", s.notes());
            files.add(f);
        }
        root.put("files", files);
        List<Object> parts = new ArrayList<>();
        for (PartModel pm : m.parts().values()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("part", pm.part().id());
            p.put("order", pm.markov().order());
            List<Object> vocab = new ArrayList<>();
            for (NoteEvent e : pm.vocabulary()) vocab.add(new int[] {e.shift(), e.duration(), e.pitch(), e.velocity(), e.position()});
            p.put("notes", vocab);
            p.put("phrases", new ArrayList<Object>(pm.phrases()));
            if (pm.network() != null) {
                Map<String, Object> net = new LinkedHashMap<>();
                net.put("hidden", pm.network().hidden());
                List<Object> w = new ArrayList<>();
                for (float[] a : pm.network().weightArrays()) w.add(base64(a));
                net.put("weights", w);
                p.put("network", net);
            }
            parts.add(p);
        }
        root.put("model", parts);
        try {
            AtomicText.write(file, Json.pretty(root));
        } catch (NoSuchFileException e) {
            throw new MidiModelException(file, "cannot write: no such directory");
        } catch (AccessDeniedException e) {
            throw new MidiModelException(file, "cannot write: permission denied");
        } catch (IOException e) {
            throw new MidiModelException(file, "cannot write: " + e.getMessage(), e);
        }
    }

    public static MidiModel read(Path file) throws MidiModelException {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) throw new MidiModelException(file, "is a directory, not a MIDI model");
            long size = Files.size(file);
            if (size == 0) throw new MidiModelException(file, "empty file, not a MIDI model (make one with ersatz learn-midi)");
            if (size > MAX_BYTES) throw new MidiModelException(file, "file is " + size + " bytes, larger than a MIDI model can be (" + MAX_BYTES + ")");
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MidiModelException(file, "no such file");
        } catch (AccessDeniedException e) {
            throw new MidiModelException(file, "permission denied");
        } catch (IOException e) {
            throw new MidiModelException(file, "cannot read: " + e.getMessage(), e);
        }
        if (bytes.length >= 4 && bytes[0] == 'M' && bytes[1] == 'T' && bytes[2] == 'h' && bytes[3] == 'd') {
            throw new MidiModelException(file, "a MIDI file, not a MIDI model (learn one from it with ersatz learn-midi)");
        }
        Object doc;
        try {
            doc = Json.parse(bytes);
        } catch (Json.ParseException e) {
            throw new MidiModelException(file, "not a MIDI model (make one with ersatz learn-midi); as JSON: " + e.getMessage());
        }
        if (!(doc instanceof Map<?, ?> root) || !FORMAT.equals(root.get("format"))) {
            throw new MidiModelException(file, "not a MIDI model (make one with ersatz learn-midi)");
        }
        Reader r = new Reader(file);
        long version = r.integer(root, "version", 0, Integer.MAX_VALUE);
        if (version != VERSION) {
            throw new MidiModelException(file, "MIDI model format version " + version + ", but this ersatz reads version " + VERSION + " (learn it again with ersatz learn-midi)");
        }
        if (r.integer(root, "stepsPerBeat", 1, 960) != Grid.STEPS_PER_BEAT) {
            throw new MidiModelException(file, "stepsPerBeat " + root.get("stepsPerBeat") + ", but this ersatz uses " + Grid.STEPS_PER_BEAT);
        }
        double bpm = r.number(root, "bpm", 1, 1000);
        int bar = (int) r.integer(root, "barSteps", 3, Grid.MAX_BAR);
        if (bar % 3 != 0) throw new MidiModelException(file, "barSteps " + bar + " is not a whole number of sixteenths");
        PartSplit split;
        try {
            split = PartSplit.parse(r.string(root, "parts"));
        } catch (IllegalArgumentException e) {
            throw new MidiModelException(file, "parts: " + e.getMessage());
        }
        List<MidiModel.Source> sources = new ArrayList<>();
        for (Object f : r.list(root, "files")) {
            Map<?, ?> m = r.map(f, "files");
            sources.add(new MidiModel.Source(r.string(m, "file"), (int) r.integer(m, "notes", 0, Integer.MAX_VALUE)));
        }
        Map<Part, PartModel> parts = new EnumMap<>(Part.class);
        for (Object o : r.list(root, "model")) {
            Map<?, ?> m = r.map(o, "model");
            String id = r.string(m, "part");
            Part part = Part.named(id);
            if (part == null) throw new MidiModelException(file, "unknown part '" + id + "'");
            if (parts.containsKey(part)) throw new MidiModelException(file, "part " + id + " appears twice");
            int order = (int) r.integer(m, "order", 1, PartModel.MAX_ORDER);
            List<NoteEvent> vocab = new ArrayList<>();
            for (Object n : r.list(m, "notes")) {
                List<?> v = r.array(n, id + " notes", 5);
                try {
                    vocab.add(new NoteEvent(r.asInt(v.get(0)), r.asInt(v.get(1)), r.asInt(v.get(2)), r.asInt(v.get(3)), r.asInt(v.get(4))));
                } catch (IllegalArgumentException e) {
                    throw new MidiModelException(file, id + ": note " + v + " out of range (" + e.getMessage() + ")");
                }
            }
            if (vocab.isEmpty()) throw new MidiModelException(file, "part " + id + " has no notes");
            List<int[]> phrases = new ArrayList<>();
            for (Object ph : r.list(m, "phrases")) {
                List<?> l = r.array(ph, id + " phrases", -1);
                int[] a = new int[l.size()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = r.asInt(l.get(i));
                    if (a[i] < 0 || a[i] >= vocab.size()) throw new MidiModelException(file, id + ": phrase note " + a[i] + " is not one of its " + vocab.size() + " notes");
                }
                phrases.add(a);
            }
            PartModel pm = new PartModel(part, vocab, phrases, order);
            if (m.get("network") != null) {
                Map<?, ?> net = r.map(m.get("network"), id + " network");
                int hidden = (int) r.integer(net, "hidden", 1, 4096);
                List<?> w = r.list(net, "weights");
                if (w.size() != 5) throw r.bad(id + " network: \"weights\" must hold 5 arrays");
                float[][] weights = new float[5][];
                for (int i = 0; i < 5; i++) {
                    if (!(w.get(i) instanceof String b64)) throw r.bad(id + " network: weights must be base64 strings");
                    weights[i] = floats(b64, r, id);
                }
                try {
                    pm = pm.withNetwork(hidden, weights);
                } catch (IllegalArgumentException e) {
                    throw r.bad(id + " network: " + e.getMessage());
                }
            }
            parts.put(part, pm);
        }
        if (parts.isEmpty()) throw new MidiModelException(file, "the model has no parts");
        return new MidiModel(parts, bpm, bar, split, sources);
    }

    private static String base64(float[] a) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * a.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(a);
        return java.util.Base64.getEncoder().encodeToString(b.array());
    }

    private static float[] floats(String b64, Reader r, String id) throws MidiModelException {
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw r.bad(id + " network: weights are not base64");
        }
        if (bytes.length % 4 != 0) throw r.bad(id + " network: weights are not whole floats");
        float[] a = new float[bytes.length / 4];
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(a);
        return a;
    }

    /** Typed access to the parsed JSON; every mistake is a one-line MidiModelException naming the file. */
    private record Reader(Path file) {
        private MidiModelException bad(String what) { return new MidiModelException(file, "corrupt MIDI model: " + what); }

        Object get(Map<?, ?> m, String key) throws MidiModelException {
            Object v = m.get(key);
            if (v == null) throw bad("no \"" + key + "\"");
            return v;
        }

        long integer(Map<?, ?> m, String key, long min, long max) throws MidiModelException {
            if (!(get(m, key) instanceof Long v) || v < min || v > max) throw bad("\"" + key + "\" must be an integer in " + min + ".." + max);
            return v;
        }

        double number(Map<?, ?> m, String key, double min, double max) throws MidiModelException {
            if (!(get(m, key) instanceof Number v) || !(v.doubleValue() >= min && v.doubleValue() <= max)) throw bad("\"" + key + "\" must be a number in " + min + ".." + max);
            return v.doubleValue();
        }

        String string(Map<?, ?> m, String key) throws MidiModelException {
            if (!(get(m, key) instanceof String s)) throw bad("\"" + key + "\" must be a string");
            return s;
        }

        List<?> list(Map<?, ?> m, String key) throws MidiModelException {
            if (!(get(m, key) instanceof List<?> l)) throw bad("\"" + key + "\" must be an array");
            return l;
        }

        Map<?, ?> map(Object o, String where) throws MidiModelException {
            if (!(o instanceof Map<?, ?> m)) throw bad("an entry of \"" + where + "\" is not an object");
            return m;
        }

        List<?> array(Object o, String where, int size) throws MidiModelException {
            if (!(o instanceof List<?> l) || (size >= 0 && l.size() != size)) throw bad("an entry of " + where + " is not an array" + (size >= 0 ? " of " + size : ""));
            return l;
        }

        int asInt(Object o) throws MidiModelException {
            if (!(o instanceof Long v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw bad("expected an integer, found " + o);
            return (int) (long) v;
        }
    }
}
