package dev.ersatz.engine.model;

import java.util.List;

/** What a model was trained on: each file with its duration and content hash, and a hash of them all. */
public record CorpusSummary(List<Entry> files, String sha256) {
    /** One training file: its path as given, seconds of audio, SHA-256 of its decoded mono samples at the model rate. */
    public record Entry(String path, double seconds, String sha256) { }

    public double seconds() {
        double s = 0;
        for (Entry e : files) s += e.seconds();
        return s;
    }
}
