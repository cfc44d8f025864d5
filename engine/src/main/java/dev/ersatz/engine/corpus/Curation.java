package dev.ersatz.engine.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What a curator decided about one clip: its tags, the tempo they tapped, whether it is kept
 * ({@code null} until judged), a note. Immutable; stored by {@link CurationStore} under the clip's
 * content hash, so it follows the sound rather than the file name.
 */
public record Curation(List<String> tags, Double tappedBpm, Boolean kept, String note) {
    public static final Curation NONE = new Curation(List.of(), null, null, "");
    public static final int MAX_TAGS = 64, MAX_TAG = 80, MAX_NOTE = 10_000;

    /** Why an edit was refused; the message is the reason alone. */
    public static final class Invalid extends Exception {
        public Invalid(String reason) { super(reason); }
    }

    public Curation {
        tags = List.copyOf(tags);
        note = note == null ? "" : note;
    }

    /** Checks an edit from outside (the studio's page): tags trimmed, deduplicated, in order. */
    public static Curation checked(List<?> tags, Object bpm, Object kept, Object note) throws Invalid {
        LinkedHashSet<String> t = new LinkedHashSet<>();
        if (tags != null) {
            for (Object o : tags) {
                if (!(o instanceof String s)) throw new Invalid("a tag must be text");
                String x = s.strip().replaceAll("\\s+", " ");
                if (x.isEmpty()) continue;
                if (x.length() > MAX_TAG) throw new Invalid("a tag is longer than " + MAX_TAG + " characters");
                if (x.indexOf(',') >= 0) throw new Invalid("a tag may not contain a comma: '" + x + "'");
                t.add(x);
            }
        }
        if (t.size() > MAX_TAGS) throw new Invalid("more than " + MAX_TAGS + " tags");
        Double b = null;
        if (bpm != null) {
            if (!(bpm instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 20 || n.doubleValue() > 400) {
                throw new Invalid("tempo must be a number of BPM between 20 and 400");
            }
            b = n.doubleValue();
        }
        if (kept != null && !(kept instanceof Boolean)) throw new Invalid("kept must be true, false or null");
        if (note != null && !(note instanceof String)) throw new Invalid("note must be text");
        String n = note == null ? "" : (String) note;
        if (n.length() > MAX_NOTE) throw new Invalid("note is longer than " + MAX_NOTE + " characters");
        return new Curation(new ArrayList<>(t), b, (Boolean) kept, n);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tags", tags);
        m.put("tapped_bpm", tappedBpm);
        m.put("kept", kept);
        m.put("note", note);
        return m;
    }

    /** Reads what {@link #toJson()} wrote; a damaged entry is {@link #NONE}. */
    public static Curation fromJson(Object o) {
        if (!(o instanceof Map<?, ?> m)) return NONE;
        try {
            return checked((List<?>) m.get("tags"), m.get("tapped_bpm"), m.get("kept"), m.get("note"));
        } catch (Invalid | ClassCastException e) {
            return NONE;
        }
    }
}
