package dev.ersatz.bridge.jack;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * {@code run --status-every S}: one machine-readable line of key=value fields, for a soak or a
 * script to read from stdout (the terminal status line is drawn in place and not meant to be
 * parsed). The heap after GC comes from the collector's own notifications (what was left in the
 * heap pools when the last collection ended), so the run never forces a collection to measure
 * one: a forced full GC stops the JACK thread at its next safepoint. Control thread, except
 * {@link #start()}'s listener, which the JVM's notification thread calls.
 */
final class StatusRecord {
    private static final AtomicLong HEAP_AFTER_GC = new AtomicLong(-1);
    private static final AtomicLong COLLECTIONS = new AtomicLong();
    private static volatile boolean listening;

    private final long started = System.nanoTime();

    private StatusRecord() { }

    /** Starts listening to the collectors (once per process) and starts the clock of {@code elapsed}. */
    static StatusRecord start() {
        synchronized (StatusRecord.class) {
            if (!listening) {
                for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                    if (gc instanceof NotificationEmitter e) e.addNotificationListener((n, h) -> {
                        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
                        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                        HEAP_AFTER_GC.set(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()));
                        COLLECTIONS.incrementAndGet();
                    }, null, null);
                }
                listening = true;
            }
        }
        return new StatusRecord();
    }

    /** The bytes used in the heap's pools of {@code usage} (pool name to usage). */
    private static long heapUsed(Map<String, MemoryUsage> usage) {
        long sum = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = usage.get(pool.getName());
            if (pool.getType() == MemoryType.HEAP && u != null) sum += u.getUsed();
        }
        return sum;
    }

    /**
     * The line: {@code status elapsed=S xruns=N underruns=N voices=N phrases=N load=P heap_after_gc=B
     * gcs=N heap_used=B jack_thread_bytes=B}. heap_after_gc is -1 before the first collection;
     * jack_thread_bytes (allocated on the JACK thread since it started) -1 when the JVM cannot say.
     */
    String format(JackBackend b, Playable p) {
        JackBackend.Stats s = b.stats();
        long tid = b.processThreadId();
        long jackBytes = -1;
        if (tid != 0 && ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemoryEnabled()) {
            jackBytes = t.getThreadAllocatedBytes(tid);
        }
        return String.format(Locale.ROOT, "status elapsed=%.1f xruns=%d underruns=%d voices=%d phrases=%d load=%.1f heap_after_gc=%d gcs=%d heap_used=%d jack_thread_bytes=%d",
                (System.nanoTime() - started) / 1e9, s.xruns(), p.underruns(), p.voices(), p.phrases(), s.cpuLoadPercent(),
                HEAP_AFTER_GC.get(), COLLECTIONS.get(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), jackBytes);
    }
}
