package dev.ersatz.engine.util;

import java.util.concurrent.locks.LockSupport;

/** Ending the project's parked worker threads (generators, the composer, resynthesis) the one way. */
public final class WorkerThreads {
    private WorkerThreads() { }

    /**
     * Control thread, after telling {@code worker} to stop (its own flag): wakes it from
     * {@link LockSupport#park} and waits up to two seconds for it to end. Null does nothing.
     */
    public static void stop(Thread worker) {
        if (worker == null) return;
        LockSupport.unpark(worker);
        try {
            worker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
