package dev.ersatz.engine.preset;

import dev.ersatz.engine.util.AtomicText;
import dev.ersatz.engine.util.Json;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes preset files (the format {@code presets/ersatz-preset.schema.json} describes),
 * validating against the engine's parameters. Every problem is named by its JSON path and reason;
 * unknown fields (from a newer minor version) are warnings, a newer major version is an error.
 * Any thread; no state beyond the catalog.
 */
public final class PresetCodec {
    /** Preset files larger than this are refused before parsing. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    private static final Set<String> KNOWN = Set.of("format", "version", "name", "description", "kind",
            "parameters", "midi", "sync", "corpus", "model");

    private final ParameterCatalog catalog;

    public PresetCodec(ParameterCatalog catalog) { this.catalog = catalog; }

    public ParameterCatalog catalog() { return catalog; }

    /** Reads, validates and resolves a preset file. */
    public LoadedPreset load(Path file) throws PresetException {
        String source = file.toString();
        if (Files.isDirectory(file)) throw new PresetException(source, "is a directory, not a preset file");
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) throw new PresetException(source, "file is " + size + " bytes, larger than a preset can be (" + MAX_FILE_BYTES + ")");
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PresetException(source, "not UTF-8 text");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PresetException(source, "no such file");
        } catch (IOException e) {
            throw new PresetException(source, "cannot read: " + e.getMessage());
        }
        Path folder = file.toAbsolutePath().getParent();
        return decode(text, source, folder, file);
    }

    /** Validates preset JSON text; {@code source} names it in messages, {@code folder} resolves references. */
    public LoadedPreset decode(String text, String source, Path folder, Path file) throws PresetException {
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        if (text.isBlank()) throw new PresetException(source, "empty file, not a preset");
        Object root;
        Map<String, Integer> lines = new HashMap<>();
        try {
            root = Json.parse(text, lines);
        } catch (Json.ParseException e) {
            throw new PresetException(source, "malformed JSON at " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> top)) throw new PresetException(source, "(top level): expected a JSON object, got " + typeName(root));
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        Object format = top.get("format");
        if (!Preset.FORMAT.equals(format)) {
            throw new PresetException(source, located("format: expected \"" + Preset.FORMAT + "\", got " + show(format) + " (not an Ersatz preset)", lines));
        }
        Object version = top.get("version");
        if (!(version instanceof Number vn) || !(vn.doubleValue() >= 1)) {
            throw new PresetException(source, located("version: expected a number >= 1, got " + show(version), lines));
        }
        int major = (int) Math.floor(vn.doubleValue());
        if (major > Preset.VERSION) {
            throw new PresetException(source, located("version: " + show(version) + " is a newer major version than this Ersatz reads (" + Preset.VERSION + "); upgrade Ersatz", lines));
        }
        for (Object k : top.keySet()) {
            if (!KNOWN.contains(k)) warnings.add(source + ": " + located(k + ": unknown field ignored (written by a newer version?)", lines));
        }

        String name = stringField(top, "name", true, errors);
        String description = stringField(top, "description", false, errors);
        GeneratorKind kind = null;
        Object k = top.get("kind");
        if (k == null) errors.add("kind: missing (one of sampler, chain, model)");
        else if (!(k instanceof String ks)) errors.add("kind: expected a string, got " + typeName(k));
        else if ((kind = GeneratorKind.parse(ks)) == null) errors.add("kind: unknown generator kind \"" + ks + "\" (one of sampler, chain, model)");

        Map<String, Double> params = catalog.defaults();
        Object ps = top.get("parameters");
        if (ps == null) {
            errors.add("parameters: missing");
        } else if (!(ps instanceof Map<?, ?> pm)) {
            errors.add("parameters: expected an object of parameter id to number, got " + typeName(ps));
        } else {
            for (Map.Entry<?, ?> e : pm.entrySet()) {
                String id = (String) e.getKey();
                String field = "parameters." + id;
                ParameterInfo info = catalog.find(id);
                if (info == null) {
                    errors.add(field + ": unknown parameter" + suggest(id));
                    continue;
                }
                Object v = e.getValue();
                if (!(v instanceof Number n)) {
                    errors.add(field + ": expected a number, got " + typeName(v));
                    continue;
                }
                double d = n.doubleValue();
                if (info.integer() && d != Math.rint(d)) {
                    errors.add(field + ": expected a whole number, got " + show(v));
                    continue;
                }
                if (!info.inRange(d)) {
                    errors.add(field + ": " + show(v) + " is out of range [" + num(info.min()) + ", " + num(info.max()) + "]");
                    continue;
                }
                params.put(id, d);
            }
        }

        Map<Integer, CcBinding> ccMap = new LinkedHashMap<>();
        Map<Integer, CcBinding> learnt = new LinkedHashMap<>();
        Object midi = top.get("midi");
        if (midi != null) {
            if (!(midi instanceof Map<?, ?> mm)) {
                errors.add("midi: expected an object, got " + typeName(midi));
            } else {
                for (Object key : mm.keySet()) {
                    if (!key.equals("cc") && !key.equals("learnt")) warnings.add(source + ": " + located("midi." + key + ": unknown field ignored (written by a newer version?)", lines));
                }
                readCcMap(mm.get("cc"), "midi.cc", ccMap, errors);
                readCcMap(mm.get("learnt"), "midi.learnt", learnt, errors);
            }
        }

        Map<String, Double> sync = new LinkedHashMap<>();
        Object sy = top.get("sync");
        if (sy != null) {
            if (!(sy instanceof Map<?, ?> sm)) {
                errors.add("sync: expected an object of parameter id to beats, got " + typeName(sy));
            } else {
                for (Map.Entry<?, ?> e : sm.entrySet()) {
                    String id = (String) e.getKey();
                    String field = "sync." + id;
                    ParameterInfo info = catalog.find(id);
                    if (info == null) errors.add(field + ": unknown parameter" + suggest(id));
                    else if (!TempoSync.syncable(info)) errors.add(field + ": " + id + " (" + info.unit() + ") cannot follow the tempo; only times in ms and rates per second can");
                    else if (!(e.getValue() instanceof Number n)) errors.add(field + ": expected a number of beats, got " + typeName(e.getValue()));
                    else if (!(n.doubleValue() > 0 && n.doubleValue() <= 1024)) errors.add(field + ": " + show(n) + " beats is out of range (0, 1024]");
                    else sync.put(id, n.doubleValue());
                }
            }
        }

        String corpus = stringField(top, "corpus", false, errors);
        String model = stringField(top, "model", false, errors);
        Path corpusPath = reference(folder, corpus, "corpus", errors);
        Path modelPath = reference(folder, model, "model", errors);

        if (!errors.isEmpty()) {
            List<String> at = new ArrayList<>();
            for (String e : errors) at.add(located(e, lines));
            throw new PresetException(source, at);
        }
        Preset p = new Preset(name, description, kind, params, ccMap, learnt, sync, corpus, model);
        return new LoadedPreset(file, p, warnings, corpusPath, modelPath);
    }

    /**
     * "FIELD: reason" as "line N: FIELD: reason", N the line of FIELD's key (or of the nearest key
     * above it that the file has: a missing field has none of its own).
     */
    private static String located(String problem, Map<String, Integer> lines) {
        int colon = problem.indexOf(": ");
        if (colon < 0) return problem;
        for (String field = problem.substring(0, colon); !field.isEmpty(); field = field.contains(".") ? field.substring(0, field.lastIndexOf('.')) : "") {
            Integer line = lines.get(field);
            if (line != null) return "line " + line + ": " + problem;
        }
        return problem;
    }

    /** CCs the instrument keeps for itself (sustain, all sound off, all notes off). */
    public static boolean reservedCc(int cc) { return cc == 64 || cc == 120 || cc == 123; }

    private void readCcMap(Object v, String field, Map<Integer, CcBinding> into, List<String> errors) {
        if (v == null) return;
        if (!(v instanceof Map<?, ?> m)) {
            errors.add(field + ": expected an object of CC number to parameter id, got " + typeName(v));
            return;
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = (String) e.getKey();
            String f = field + "." + key;
            int cc;
            if (!key.matches("[0-9]{1,3}") || (cc = Integer.parseInt(key)) > 127) {
                errors.add(f + ": a CC number is 0..127");
                continue;
            }
            if (reservedCc(cc)) {
                errors.add(f + ": CC " + cc + " is reserved (64 sustain, 120 all sound off, 123 all notes off)");
                continue;
            }
            Object b = e.getValue();
            String id;
            Map<?, ?> range = null;
            if (b instanceof String s) {
                id = s;
            } else if (b instanceof Map<?, ?> bm) {
                range = bm;
                if (!(bm.get("parameter") instanceof String s)) {
                    errors.add(f + ".parameter: expected a parameter id, got " + typeName(bm.get("parameter")));
                    continue;
                }
                id = s;
                for (Object k : bm.keySet()) {
                    if (!k.equals("parameter") && !k.equals("low") && !k.equals("high")) errors.add(f + "." + k + ": unknown field (parameter, low, high)");
                }
            } else {
                errors.add(f + ": expected a parameter id or {\"parameter\", \"low\", \"high\"}, got " + typeName(b));
                continue;
            }
            ParameterInfo info = catalog.find(id);
            if (info == null) {
                errors.add(f + ": unknown parameter \"" + id + "\"" + suggest(id));
                continue;
            }
            double low = info.min(), high = info.max();
            if (range != null) {
                Double lo = rangeEnd(range, "low", info, f, errors);
                Double hi = rangeEnd(range, "high", info, f, errors);
                if (lo == null || hi == null) continue;
                low = lo;
                high = hi;
            }
            into.put(cc, new CcBinding(id, low, high));
        }
    }

    private static Double rangeEnd(Map<?, ?> range, String key, ParameterInfo info, String f, List<String> errors) {
        Object v = range.get(key);
        if (v == null) return key.equals("low") ? info.min() : info.max();
        if (!(v instanceof Number n)) {
            errors.add(f + "." + key + ": expected a number, got " + typeName(v));
            return null;
        }
        if (!info.inRange(n.doubleValue())) {
            errors.add(f + "." + key + ": " + show(v) + " is out of range [" + num(info.min()) + ", " + num(info.max()) + "]");
            return null;
        }
        return n.doubleValue();
    }

    private static Path reference(Path folder, String ref, String field, List<String> errors) {
        if (ref == null) return null;
        try {
            return ContainedPath.resolve(folder, ref);
        } catch (ContainedPath.Refused e) {
            errors.add(field + ": " + e.getMessage());
            return null;
        }
    }

    private static String stringField(Map<?, ?> m, String field, boolean required, List<String> errors) {
        Object v = m.get(field);
        if (v == null) {
            if (required) errors.add(field + ": missing");
            return null;
        }
        if (!(v instanceof String s)) {
            errors.add(field + ": expected a string, got " + typeName(v));
            return null;
        }
        return s;
    }

    private String suggest(String id) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (ParameterInfo p : catalog.all()) {
            int d = distance(id, p.id());
            if (d < bestD) { bestD = d; best = p.id(); }
        }
        return best != null && bestD <= Math.max(2, id.length() / 3) ? " (did you mean \"" + best + "\"?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }

    static String typeName(Object v) {
        if (v == null) return "null";
        if (v instanceof String) return "a string";
        if (v instanceof Number) return "a number";
        if (v instanceof Boolean) return "a boolean";
        if (v instanceof Map) return "an object";
        if (v instanceof List) return "an array";
        return v.getClass().getSimpleName();
    }

    private static String show(Object v) {
        if (v instanceof String s) return "\"" + s + "\"";
        return v == null ? "nothing" : Json.write(v);
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** The preset as the JSON object written to files (every field, in a stable order). */
    public Map<String, Object> toJson(Preset p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", Preset.FORMAT);
        m.put("version", (long) Preset.VERSION);
        m.put("name", p.name());
        if (!p.description().isEmpty()) m.put("description", p.description());
        m.put("kind", p.kind().id());
        Map<String, Object> params = new LinkedHashMap<>();
        p.parameters().forEach((id, v) -> {
            ParameterInfo info = catalog.find(id);
            params.put(id, info != null && info.integer() ? (Object) (long) Math.rint(v) : (Object) v);
        });
        m.put("parameters", params);
        Map<String, Object> midi = new LinkedHashMap<>();
        midi.put("cc", ccJson(p.ccMap()));
        midi.put("learnt", ccJson(p.learnt()));
        m.put("midi", midi);
        if (!p.sync().isEmpty()) m.put("sync", new LinkedHashMap<String, Object>(p.sync()));
        if (p.corpus() != null) m.put("corpus", p.corpus());
        if (p.model() != null) m.put("model", p.model());
        return m;
    }

    private Map<String, Object> ccJson(Map<Integer, CcBinding> cc) {
        Map<String, Object> m = new LinkedHashMap<>();
        cc.forEach((k, b) -> {
            ParameterInfo info = catalog.find(b.parameter());
            if (info != null && b.isWhole(info)) {
                m.put(Integer.toString(k), b.parameter());
            } else {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("parameter", b.parameter());
                r.put("low", b.low());
                r.put("high", b.high());
                m.put(Integer.toString(k), r);
            }
        });
        return m;
    }

    /** The preset as pretty JSON text. */
    public String encode(Preset p) { return Json.pretty(toJson(p)); }

    /**
     * Writes the preset atomically: a temporary file in the same folder, then a rename over the
     * target, so a reader never sees half a preset and a crash never leaves one.
     */
    public void save(Path file, Preset p) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicText.write(file, encode(p));
    }
}
