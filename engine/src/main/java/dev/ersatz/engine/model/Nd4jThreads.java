package dev.ersatz.engine.model;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Keeps ND4J's native thread pools to one thread. Training's batches are small matrices; on a
 * shared two-core machine ND4J's spinning OpenMP and BLAS pools cost more than they give (measured:
 * training 2.5× faster single-threaded under load), and the Java side parallelises the FFTs itself.
 */
final class Nd4jThreads {
    private static volatile boolean done;

    private Nd4jThreads() { }

    static void single() {
        if (done) return;
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
        done = true;
    }
}
