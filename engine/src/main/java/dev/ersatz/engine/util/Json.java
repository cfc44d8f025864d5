package dev.ersatz.engine.util;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's one way to do JSON: a thin façade over Jackson's streaming layer (jackson-core) that
 * parses to plain Java values (Map in document order, List, String, Long or Double, Boolean, null)
 * and writes them back in the layout our files have always had. Callers keep this small API; Jackson
 * does the tokenising, escaping and number formatting. Only jackson-core, not databind: the value
 * mapping below is a few lines, and databind's untyped mapping differs from ours (Integer/BigInteger,
 * a silent Infinity for 1e999) and costs start-up time in short commands such as `fingerprint --json`.
 * Never on the audio thread (it allocates).
 */
public final class Json {
    private Json() { }

    /** Deeper than any file we write; deeper input is refused before it can exhaust the stack. */
    private static final int MAX_DEPTH = 256;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Our own depth check (MAX_DEPTH) says it first; these are Jackson's backstops for huge tokens.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1)
                    .maxNumberLength(1000).maxStringLength(64 << 20).build())
            .build();

    /** A syntax error, with the position in "line L, column C: reason" form (one line). */
    public static final class ParseException extends Exception {
        public ParseException(String message) { super(message); }
    }

    public static Object parse(String text) throws ParseException { return parse(text, null); }

    /**
     * Parses {@code text} and, when {@code keyLines} is given, puts there the line of every key by
     * its dotted path ({@code parameters.gain}, {@code midi.cc.1.low}; array elements by index), so
     * a checker of the value can say on which line a field it refuses is.
     */
    public static Object parse(String text, Map<String, Integer> keyLines) throws ParseException {
        JsonParser p = null;
        try {
            p = FACTORY.createParser(text);
            return document(p, keyLines);
        } catch (IOException e) {
            throw translate(e, p);
        } finally {
            close(p);
        }
    }

    /** Parses UTF-8 bytes: invalid UTF-8 is a ParseException that says where, not a decoder's exception. */
    public static Object parse(byte[] utf8) throws ParseException {
        JsonParser p = null;
        try {
            p = FACTORY.createParser(utf8);
            return document(p, null);
        } catch (IOException e) {
            throw translate(e, p);
        } finally {
            close(p);
        }
    }

    private static Object document(JsonParser p, Map<String, Integer> keyLines) throws IOException, ParseException {
        JsonToken t = p.nextToken();
        if (t == null) throw error(p.currentLocation(), "unexpected end of input");
        Object v = value(p, t, 0, keyLines, "");
        if (p.nextToken() != null) throw error(p.currentTokenLocation(), "unexpected text after the value");
        return v;
    }

    /** {@code path}: this value's dotted path, for {@code keyLines} (null: not recorded). */
    private static Object value(JsonParser p, JsonToken t, int depth, Map<String, Integer> keyLines, String path) throws IOException, ParseException {
        if (t == null) throw error(p.currentLocation(), "unexpected end of input");
        switch (t) {
            case START_OBJECT: {
                if (depth >= MAX_DEPTH) throw error(p.currentTokenLocation(), "nested too deeply");
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    if (k != JsonToken.FIELD_NAME) throw error(p.currentTokenLocation(), "expected a quoted key");
                    String key = p.currentName();
                    // Jackson can detect duplicates too; checked here so the message says "duplicate key" like every other.
                    if (m.containsKey(key)) throw error(p.currentTokenLocation(), "duplicate key \"" + key + "\"");
                    String at = keyLines == null ? null : path.isEmpty() ? key : path + "." + key;
                    if (keyLines != null) keyLines.put(at, p.currentTokenLocation().getLineNr());
                    m.put(key, value(p, p.nextToken(), depth + 1, keyLines, at));
                }
                return m;
            }
            case START_ARRAY: {
                if (depth >= MAX_DEPTH) throw error(p.currentTokenLocation(), "nested too deeply");
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    String at = keyLines == null ? null : path + "." + l.size();
                    if (keyLines != null) keyLines.put(at, p.currentTokenLocation().getLineNr());
                    l.add(value(p, e, depth + 1, keyLines, at));
                }
                return l;
            }
            case VALUE_STRING: return p.getText();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) return p.getLongValue();
                return finite(p, p.getDoubleValue()); // beyond a long: a double, as before
            case VALUE_NUMBER_FLOAT: return finite(p, p.getDoubleValue());
            case VALUE_TRUE: return Boolean.TRUE;
            case VALUE_FALSE: return Boolean.FALSE;
            case VALUE_NULL: return null;
            default: throw error(p.currentTokenLocation(), "unexpected " + t.asString());
        }
    }

    /** 1e999 is valid JSON but no double: refused, not read as Infinity (which no writer here can write back). */
    private static Double finite(JsonParser p, double d) throws IOException, ParseException {
        if (!Double.isFinite(d)) throw error(p.currentTokenLocation(), "number out of range: " + shorten(p.getText()));
        return d;
    }

    private static void close(JsonParser p) {
        try {
            if (p != null) p.close();
        } catch (IOException e) {
            // in-memory input: nothing to release
        }
    }

    private static ParseException translate(IOException e, JsonParser p) {
        if (e instanceof JsonProcessingException j) {
            String why = j.getOriginalMessage();
            // Jackson appends where an unclosed object or array started, and which setting a limit comes from;
            // the position of the error is what we report.
            int cut = why == null ? -1 : why.indexOf(" (start marker at");
            if (cut >= 0) why = why.substring(0, cut);
            if (why != null) why = why.replaceAll(", from `[^`]*`", "");
            // A broken limit (StreamConstraintsException) carries no location: the parser's is where it stopped.
            JsonLocation at = j.getLocation() != null || p == null ? j.getLocation() : p.currentTokenLocation();
            return error(at, why);
        }
        return new ParseException("unreadable JSON: " + oneLine(e.getMessage()));
    }

    private static ParseException error(JsonLocation at, String why) {
        String where = at == null || at.getLineNr() < 1 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
        return new ParseException(where + oneLine(why));
    }

    private static String oneLine(String s) {
        return s == null ? "malformed JSON" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** Compact JSON on one line: what `--json` prints, one object per line. */
    public static String write(Object v) {
        return write(v, null);
    }

    /** Indented JSON for files people read (presets, chain reports): two spaces, arrays of scalars on one line. */
    public static String pretty(Object v) {
        return write(v, new Layout()) + "\n";
    }

    private static String write(Object v, Layout layout) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (layout != null) g.setPrettyPrinter(layout);
            value(g, v, layout);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void value(JsonGenerator g, Object v, Layout layout) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Double || v instanceof Float) {
            number(g, ((Number) v).doubleValue());
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof BigDecimal b) {
            g.writeNumber(b);
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue(), layout);
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> l) {
            if (layout != null) layout.nextArrayFlat(isFlat(l));
            g.writeStartArray();
            for (Object x : l) value(g, x, layout);
            g.writeEndArray();
        } else if (v instanceof int[] a) {
            if (layout != null) layout.nextArrayFlat(true);
            g.writeStartArray();
            for (int x : a) g.writeNumber(x);
            g.writeEndArray();
        } else if (v instanceof long[] a) {
            if (layout != null) layout.nextArrayFlat(true);
            g.writeStartArray();
            for (long x : a) g.writeNumber(x);
            g.writeEndArray();
        } else if (v instanceof double[] a) {
            if (layout != null) layout.nextArrayFlat(true);
            g.writeStartArray();
            for (double x : a) number(g, x);
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }

    /** Whole doubles are written as integers (a preset's "gain": -6, not -6.0); NaN and infinities as null. */
    private static void number(JsonGenerator g, double d) throws IOException {
        if (!Double.isFinite(d)) g.writeNull();
        else if (d == Math.rint(d) && Math.abs(d) < 1e15) g.writeNumber((long) d);
        else g.writeNumber(d);
    }

    private static boolean isFlat(Iterable<?> l) {
        for (Object x : l) if (x instanceof Map || x instanceof Iterable) return false;
        return true;
    }

    /**
     * The indented layout of our files, which Jackson's DefaultPrettyPrinter does not make ("key": v
     * without a space before the colon, {} and [] when empty, an array of scalars on one line with
     * ", "). The writer says before each array whether it is flat; one instance per document.
     */
    private static final class Layout implements PrettyPrinter {
        private final Deque<Boolean> flat = new ArrayDeque<>();
        private boolean nextFlat;
        private int level;

        void nextArrayFlat(boolean f) { nextFlat = f; }

        private void newline(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
            for (int i = 0; i < level; i++) g.writeRaw("  ");
        }

        @Override public void writeRootValueSeparator(JsonGenerator g) { }

        @Override public void writeStartObject(JsonGenerator g) throws IOException {
            g.writeRaw('{');
            level++;
        }

        @Override public void beforeObjectEntries(JsonGenerator g) throws IOException { newline(g); }

        @Override public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException { g.writeRaw(": "); }

        @Override public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            newline(g);
        }

        @Override public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            level--;
            if (entries > 0) newline(g);
            g.writeRaw('}');
        }

        @Override public void writeStartArray(JsonGenerator g) throws IOException {
            flat.push(nextFlat);
            g.writeRaw('[');
            level++;
        }

        @Override public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (!flat.peek()) newline(g);
        }

        @Override public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            if (flat.peek()) {
                g.writeRaw(", ");
            } else {
                g.writeRaw(',');
                newline(g);
            }
        }

        @Override public void writeEndArray(JsonGenerator g, int values) throws IOException {
            level--;
            boolean wasFlat = flat.pop();
            if (values > 0 && !wasFlat) newline(g);
            g.writeRaw(']');
        }
    }
}
