package dev.ersatz.engine.chain;

/**
 * How alike two clips are, by index: symmetric, in [0, 1], 1 for the same material. Implementations
 * must be safe to call from several threads at once (neighbour search fills rows in parallel).
 */
@FunctionalInterface
public interface Similarity {
    double between(int a, int b);
}
