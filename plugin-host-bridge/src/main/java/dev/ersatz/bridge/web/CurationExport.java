package dev.ersatz.bridge.web;

import dev.ersatz.engine.corpus.Curation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The curation of the opened clips as JSON (an array of objects) and CSV (RFC 4180: a header row,
 * fields quoted when they hold a comma, quote or line break; tags joined with "; "). Every clip that
 * was described is listed, curated or not, so the export is also the corpus's index. HTTP threads.
 */
final class CurationExport {
    static final List<String> COLUMNS = List.of("content_hash", "root", "file", "kept", "tapped_bpm", "tags", "note", "tempo_bpm", "loudness_lufs", "flags");

    private CurationExport() { }

    static List<Map<String, Object>> rows(StudioCorpus corpus, java.util.function.Function<String, Curation> curation) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StudioClip c : corpus.clips) {
            if (!c.ready()) continue;
            Curation k = curation.apply(c.hash);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("content_hash", c.hash);
            m.put("root", corpus.roots.get(c.root).toString());
            m.put("file", c.relative);
            m.put("kept", k.kept());
            m.put("tapped_bpm", k.tappedBpm());
            m.put("tags", k.tags());
            m.put("note", k.note());
            var tempo = c.analysis.tempo().candidates();
            m.put("tempo_bpm", tempo.isEmpty() ? null : tempo.get(0).bpm());
            m.put("loudness_lufs", Double.isFinite(c.analysis.loudnessLufs()) ? c.analysis.loudnessLufs() : null);
            m.put("flags", c.analysis.flags());
            rows.add(m);
        }
        return rows;
    }

    static String csv(List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (Map<String, Object> r : rows) {
            for (int i = 0; i < COLUMNS.size(); i++) {
                if (i > 0) sb.append(',');
                Object v = r.get(COLUMNS.get(i));
                String s = v == null ? "" : v instanceof List<?> l ? String.join("; ", l.stream().map(String::valueOf).toList()) : String.valueOf(v);
                sb.append(field(s));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    static String field(String s) {
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
