package dev.ersatz.engine.session;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the sound comes from: corpus files or folders, or a model made by {@code ersatz train}.
 * Live input (resynthesis) and a MIDI model (the composer) are sources that later front ends add
 * here; the session builds the generator program from whichever is given. Immutable.
 *
 * @param corpus audio files or folders, in order; empty for none (then the preset's own corpus)
 * @param model  a trained model file, or null (then a model preset's own model, if it names one)
 */
public record Sources(List<Path> corpus, Path model) {
    public Sources {
        corpus = List.copyOf(corpus);
    }

    public static Sources corpus(List<Path> corpus) { return new Sources(corpus, null); }

    public static Sources corpus(Path corpus) { return corpus == null ? none() : new Sources(List.of(corpus), null); }

    public static Sources model(Path model) { return new Sources(List.of(), model); }

    /** Nothing given: the preset's own references decide. */
    public static Sources none() { return new Sources(List.of(), null); }

    public boolean isEmpty() { return corpus.isEmpty() && model == null; }
}
