package dev.ersatz.engine.preset;

import java.util.List;

/**
 * A preset that cannot be used. The message is one line, "FILE: line N: FIELD: reason" (FIELD a JSON path
 * such as {@code parameters.temperature}); {@link #problems()} lists every problem found.
 */
public final class PresetException extends Exception {
    private final List<String> problems;

    public PresetException(String source, List<String> problems) {
        super(source + ": " + problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        this.problems = List.copyOf(problems);
    }

    public PresetException(String source, String problem) { this(source, List.of(problem)); }

    /** Each problem as "FIELD: reason" (without the file). */
    public List<String> problems() { return problems; }
}
