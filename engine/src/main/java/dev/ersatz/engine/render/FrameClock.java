package dev.ersatz.engine.render;

import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Where the instrument's frames are in time, so that an event timed by a clock (an OSC bundle's time
 * tag) can be placed at a frame, as a JACK MIDI event is. A live backend publishes, once per block on
 * the audio thread, the instrument frame the block starts at, its host clock's microseconds at that
 * frame and at the next block's (JACK's jack_get_cycle_times, filtered by its DLL, so the rate follows
 * the real one); a control thread turns an epoch time into the frame at which it falls.
 *
 * <p>The host clock is the backend's (JACK's jack_get_time), not the epoch: the offset between the
 * two is sampled on the converting thread, bracketed by two host readings and smoothed, since
 * the epoch clock may be slewed by NTP.
 *
 * <p>Publishing is a sequence lock (readers retry around a write, as {@code JackTransport}'s): no
 * lock, no allocation on the audio thread. With no backend attached (offline bounces, tests without
 * JACK) or a clock gone stale (a server that stopped calling), {@link #frameAt} answers
 * {@link ControlQueue#ASAP}: the event applies at the next block, as it would without a time tag.
 */
public final class FrameClock {
    /** An epoch offset that moved more than this (µs) between samples was stepped: taken at once. */
    private static final long STEP_MICROS = 1000;
    /**
     * A published block older than this (µs) plus 8 periods means the backend stopped calling: wider
     * than a JVM pause or a loaded machine's scheduling delay of the audio thread.
     */
    private static final long STALE_MICROS = 250_000;

    /**
     * The instrument's frame counter itself, not a LongSupplier over it: one call less on the JACK
     * thread (with the method reference, InstrumentJackTest saw 624 bytes allocated there in two
     * runs out of two, without it 0; the guard in {@link #publish} was found later and may have been the cause).
     */
    private final java.util.concurrent.atomic.AtomicLong blockStart;

    // written by the audio thread under seq
    private volatile long seq;
    private long frame;
    private long micros;
    private long periodMicros;
    private int periodFrames;

    private volatile LongSupplier host; // null: no live backend

    // converting threads, under this object's lock
    private long epochMinusHost;
    private boolean offsetKnown;

    /** @param blockStart the instrument's frame counter, read on the audio thread before a block renders */
    public FrameClock(java.util.concurrent.atomic.AtomicLong blockStart) { this.blockStart = blockStart; }

    /**
     * Control thread: a backend starts publishing; {@code hostMicros} reads its clock (any thread, no
     * allocation).
     */
    public void attach(LongSupplier hostMicros) {
        this.host = hostMicros;
    }

    /**
     * Control thread: the backend stops; conversions fall back to {@link ControlQueue#ASAP}. The last
     * block stays published (the audio thread is the only writer): a backend attached later is
     * ignored as stale until it publishes.
     */
    public void detach() { this.host = null; }

    /**
     * Audio thread, before the block renders (the only writer): the block of {@code frames} frames
     * starts at host time {@code hostMicros}, the next one at {@code nextHostMicros}. No allocation,
     * and no branch: a cycle JACK reports oddly (the next period not after this one) is published
     * as it is and refused by the readers. A guard here was a branch the JIT compiled out until
     * the first odd cycle, whose deoptimisation then allocated 72-80 bytes on the JACK thread
     * (InstrumentJackTest, seen with -XX:+LogCompilation: an unstable_if trap in this method).
     */
    public void publish(int frames, long hostMicros, long nextHostMicros) {
        long f = blockStart.get();
        long s = seq;
        seq = s + 1; // odd: write in progress
        VarHandle.storeStoreFence();
        frame = f;
        micros = hostMicros;
        periodMicros = nextHostMicros - hostMicros;
        periodFrames = frames;
        seq = s + 2;
    }

    /** Any thread: whether a backend publishes (and published lately). */
    public boolean live() { return leadMicros() > 0; }

    /**
     * Control thread: how long before its time an event must be converted and queued to make its
     * block: the block that holds it is rendered up to a period before its first frame's time, and
     * the converting thread may wake late (a loaded machine's scheduling delay); 0 when no backend publishes.
     */
    public long leadMicros() {
        LongSupplier h = host;
        long[] b = read();
        if (h == null || b == null || stale(h, b)) return 0;
        return 3 * b[2] + 20_000;
    }

    /**
     * Control thread: the instrument frame at epoch time {@code epochMicros} (µs since 1970), for
     * {@link Instrument#sendMidi}; {@link ControlQueue#ASAP} when no backend publishes. A time that
     * has passed gives a frame that has passed (the instrument plays it at once and counts it late).
     */
    public long frameAt(long epochMicros) {
        LongSupplier h = host;
        long[] b = read();
        if (h == null || b == null) return ControlQueue.ASAP;
        long offset = epochMinusHost(h);
        if (stale(h, b)) return ControlQueue.ASAP;
        double hostTime = (double) (epochMicros - offset);
        double f = b[0] + (hostTime - b[1]) * b[3] / b[2];
        return Math.max(0, Math.round(f)); // never ASAP's -1: a time long past is frame 0, late
    }

    private static boolean stale(LongSupplier h, long[] b) { return h.getAsLong() - b[1] > STALE_MICROS + 8 * b[2]; }

    /** {frame, micros, periodMicros, periodFrames} of the last block, or null. Control thread. */
    private long[] read() {
        while (true) {
            long s1 = seq;
            if ((s1 & 1) == 0) {
                long f = frame, m = micros, p = periodMicros, n = periodFrames;
                VarHandle.loadLoadFence();
                if (seq == s1) return n <= 0 || p <= 0 ? null : new long[] {f, m, p, n};
            }
            Thread.onSpinWait();
        }
    }

    /**
     * The epoch minus the host clock (µs): of three samples the one whose two host readings are
     * closest (least preempted), then smoothed across calls; a step (the clock was set) is taken at once.
     */
    private synchronized long epochMinusHost(LongSupplier h) {
        long best = Long.MAX_VALUE;
        long sample = 0;
        for (int i = 0; i < 3; i++) {
            long h0 = h.getAsLong();
            Instant e = Instant.now();
            long h1 = h.getAsLong();
            if (h1 - h0 < best) {
                best = h1 - h0;
                sample = e.getEpochSecond() * 1_000_000 + e.getNano() / 1000 - (h0 + h1) / 2;
            }
        }
        if (!offsetKnown || Math.abs(sample - epochMinusHost) > STEP_MICROS) epochMinusHost = sample;
        else epochMinusHost += (sample - epochMinusHost) / 4;
        offsetKnown = true;
        return epochMinusHost;
    }
}
