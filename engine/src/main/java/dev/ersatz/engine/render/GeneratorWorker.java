package dev.ersatz.engine.render;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker thread that keeps every voice stream's ring full ahead of the audio thread. Live, it
 * sleeps until {@link #signal}led (by the audio thread at the end of a block in which a voice took a
 * decision, a parameter moved or a program arrived; by a control thread on a load) and then tops
 * rings up to the generator's {@link Generator#lookahead}: an idle instrument's worker never wakes.
 * The audio thread never waits on it. In deterministic mode it fills only when the rendering thread
 * asks ({@link #fillAndWait}), always to that depth, so decisions are made at fixed points.
 * It also closes a replaced program's generator, keeping that off the audio thread.
 */
final class GeneratorWorker implements Runnable {
    private static final long POLL_NANOS = 1_000_000;

    private final Instrument instrument;
    private final boolean deterministic;
    private final Segment segment = new Segment();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private volatile boolean running = true;
    /** Live mode: work was signalled since the worker last started a fill. */
    private volatile boolean pending = true;
    /** Live mode: the worker is (about to be) parked. */
    private volatile boolean sleeping;
    private volatile long wakeups;
    private volatile Throwable failure;
    private Thread thread;
    private Program current;

    GeneratorWorker(Instrument instrument, boolean deterministic) {
        this.instrument = instrument;
        this.deterministic = deterministic;
    }

    /** Control thread. */
    void start() {
        thread = new Thread(this, "ersatz-generator");
        thread.setDaemon(true);
        thread.start();
    }

    /** Control thread: stops the worker and waits for it. */
    void stop() {
        running = false;
        pending = true;
        dev.ersatz.engine.util.WorkerThreads.stop(thread);
    }

    /**
     * Any thread, live mode: rings may need filling. Allocation-free, and cheap on the audio thread:
     * two volatile accesses, plus {@link LockSupport#unpark} (a futex wake, no Java monitor) only
     * when the worker sleeps. Written against a lost wake-up: the worker sets {@code sleeping} and
     * then reads {@code pending}; we set {@code pending} and then read {@code sleeping}.
     */
    void signal() {
        pending = true;
        if (sleeping) LockSupport.unpark(thread);
    }

    /** Times the worker woke up to fill rings (or to look at them), for tests and benchmarks. */
    long wakeups() { return wakeups; }

    /** The generator's exception, when it threw (its voices then fade out on dry rings). */
    Throwable failure() { return failure; }

    /** Rendering thread (deterministic mode): fill every ring to its lookahead depth, and wait until done. */
    void fillAndWait() {
        long ticket = requested.incrementAndGet();
        LockSupport.unpark(thread);
        int spins = 0;
        while (done.get() < ticket) {
            if (failure != null) throw new IllegalStateException("generator failed: " + failure, failure);
            if (!thread.isAlive()) throw new IllegalStateException("generator worker stopped");
            if (++spins < 1000) Thread.onSpinWait();
            else Thread.yield();
        }
    }

    @Override
    public void run() {
        while (running) {
            long ticket = requested.get();
            if (deterministic && ticket == done.get()) {
                LockSupport.parkNanos(POLL_NANOS);
                continue;
            }
            if (!deterministic) pending = false; // a signal from now on means another fill
            wakeups++;
            try {
                fill();
            } catch (Throwable t) {
                failure = t;
                running = false;
            }
            if (deterministic) done.set(ticket);
            else sleepUntilSignalled();
        }
        if (current != null) current.generator.close();
    }

    private void sleepUntilSignalled() {
        sleeping = true;
        while (running && !pending) LockSupport.park(this);
        sleeping = false;
    }

    private void fill() {
        Program p = instrument.programForWorker();
        if (p != current) {
            if (current != null) current.generator.close();
            current = p;
        }
        if (p == null) return;
        SegmentRing[] rings = p.rings;
        int depth = Math.max(1, Math.min(rings[0].capacity(), p.generator.lookahead(p.context)));
        boolean more = true;
        // Round-robin one decision per stream so no stream starves behind a slow generator.
        while (more && running) {
            more = false;
            for (int s = 0; s < rings.length; s++) {
                if (rings[s].size() >= depth) continue;
                segment.set(0, 0, 0, 0, 1f, 1f, 0f);
                p.context.observe(s);
                p.generator.next(s, p.context, segment);
                segment.sequence = p.context.observed(s);
                rings[s].offer(segment);
                more = true;
            }
        }
    }
}
