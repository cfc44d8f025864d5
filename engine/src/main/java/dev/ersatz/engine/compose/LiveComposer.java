package dev.ersatz.engine.compose;

import dev.ersatz.engine.model.Temperature;
import dev.ersatz.engine.render.BeatGrid;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.render.TransportState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

/**
 * A {@link MidiModel} played live: phrases of {@link #PHRASE_BARS} bars composed one ahead on a
 * worker thread ({@link Composer}, seed + phrase number, at the temperature and density the suppliers
 * give when the phrase is composed: the instrument's {@code temperature} and {@code compose_density},
 * so a CC, OSC or a preset moves them from the next phrase on), each started on a bar line and its notes written at their exact frames. The
 * bar lines are JACK transport's timebase master's while it rolls, else a grid of the composer's own
 * at the transport's tempo ({@link BeatGrid}); the notes of a phrase are placed in beats, so a tempo
 * change is followed from the next period on. A jump of the master's position (a locate) ends the
 * phrase with all notes off, and the next one starts on the next bar line.
 *
 * <p>Seeding: a note played on the instrument's MIDI input ({@link #leadIn}) seeds the next phrase:
 * the last {@link #LEAD_IN_NOTES} pitches played become its lead-in ({@link Composer.Options#leadIn}:
 * the part whose range holds the last one starts from it, the rest is transposed with it). The
 * audio thread only stores the pitch in one atomic word and wakes the worker; the worker composes
 * the waiting phrase again from it and swaps it in, unless the audio thread has taken it already
 * (then the phrase after it is the seeded one). A controller, {@link #REGISTER_CC}, seeds the register
 * instead ({@link #register}): the next phrase and those after it are moved by its value's
 * semitones from 64, composed again as a lead-in is, until it moves again; a phrase a lead-in
 * starts is not moved, since the note played says where it starts.
 *
 * <p>Threads: construct, {@link #start} and {@link #close} on a control thread; {@link #render} on
 * the audio thread, where it allocates nothing and takes no lock; the worker composes (allocates).
 */
public final class LiveComposer implements AutoCloseable {
    /** Bars of the model's metre in one phrase. */
    public static final int PHRASE_BARS = 4;
    /** A master position this far (in beats) from where the phrase had got to is a jump. */
    private static final double JUMP_BEATS = 0.05;
    /** Pitches of {@code midi_in} a lead-in keeps (the last is the one the phrase starts from). */
    public static final int LEAD_IN_NOTES = 4;
    /** The controller on {@code midi_in} that sets the register of the next phrases ({@link #register}): General Purpose 1. */
    public static final int REGISTER_CC = 16;
    /** The register moves at most this many semitones from the model's own (two octaves). */
    public static final int MAX_REGISTER = 24;
    /** The worker's look for a taken phrase when nothing wakes it. */
    private static final long IDLE_NANOS = 50_000_000L;
    /** Part.values() clones its array at each call: once here, not on the audio thread. */
    private static final Part[] PARTS = Part.values();

    /** One phrase as the audio thread plays it: events sorted by beat, note-offs first at equal beats. */
    static final class Phrase {
        final double[] beat;
        final int[] status;
        final int[] data1;
        final int[] data2;
        final double length;

        Phrase(double[] beat, int[] status, int[] data1, int[] data2, double length) {
            this.beat = beat;
            this.status = status;
            this.data1 = data1;
            this.data2 = data2;
            this.length = length;
        }

        int size() { return beat.length; }

        /** This phrase {@code semitones} higher (lower when negative); a pitch past 0..127 is moved back by octaves. */
        Phrase transposed(int semitones) {
            if (semitones == 0) return this;
            int[] pitch = new int[data1.length];
            for (int i = 0; i < pitch.length; i++) {
                int q = data1[i] + semitones;
                while (q > 127) q -= 12;
                while (q < 0) q += 12;
                pitch[i] = q;
            }
            return new Phrase(beat, status, pitch, data2, length);
        }
    }

    private final MidiModel model;
    private final long seed;
    private final int maxCopyNotes;
    private final DoubleSupplier temperature;
    private final DoubleSupplier density;
    private final AtomicReference<Phrase> ready = new AtomicReference<>();
    private final AtomicLong phrasesStarted = new AtomicLong();
    private final AtomicLong notesWritten = new AtomicLong();
    /** The lead-in, one word: bits 0..27 the last four pitches (7 bits each, the latest lowest), 28..30 how many, 32..63 a version. */
    private final AtomicLong leadIn = new AtomicLong();
    /** The register, one word: bits 0..31 the semitones, 32..63 a version. */
    private final AtomicLong register = new AtomicLong();
    private final AtomicLong phrasesSeeded = new AtomicLong();
    private volatile boolean closed;
    private volatile Throwable failure;
    private Thread worker;

    // Audio-thread state.
    private final BeatGrid grid = new BeatGrid();
    private Phrase current;
    private int next;
    /** Beats since the current phrase's first bar line (negative before it). */
    private double position;
    private boolean playing;

    /**
     * @param temperature read by the worker when it composes a phrase
     * @param density     read with it: {@link Composer.Options#density()}
     */
    public LiveComposer(MidiModel model, long seed, int maxCopyNotes, DoubleSupplier temperature, DoubleSupplier density) {
        this.model = model;
        this.seed = seed;
        this.maxCopyNotes = maxCopyNotes;
        this.temperature = temperature;
        this.density = density;
    }

    /**
     * A composer that plays at the instrument's {@code temperature} (so the mod wheel moves both) and
     * {@code compose_density}, as they are when each phrase is composed. Control thread.
     */
    public static LiveComposer following(MidiModel model, long seed, int maxCopyNotes, Instrument instrument) {
        return new LiveComposer(model, seed, maxCopyNotes, () -> instrument.parameter(InstrumentParams.TEMPERATURE),
                () -> instrument.parameter(InstrumentParams.COMPOSE_DENSITY));
    }

    /** Control thread: composes the first phrase (so the first bar line already has one) and starts the worker. */
    public void start() {
        ready.set(phrase(0, 0));
        Thread t = new Thread(this::compose, "ersatz-composer");
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    /**
     * Worker thread: keeps one phrase ready; the audio thread wakes it when it takes one, a lead-in
     * arrives or the register moves. A new lead-in recomposes the waiting phrase (same number) from
     * it; a new register recomposes it in that register, unless a lead-in decided where it starts.
     */
    private void compose() {
        try {
            long consumed = 0;     // the version of the last lead-in composed into a phrase
            long registered = 0;   // the version of the last register composed into a phrase
            long waitingLead = 0;  // the lead-in the waiting phrase was composed from (0: none)
            for (long k = 1; !closed; ) {
                long lead = leadIn.get();
                long reg = register.get();
                boolean fresh = (lead >>> 32) != consumed;
                boolean moved = (reg >>> 32) != registered;
                Phrase waiting = ready.get();
                if (waiting == null) {
                    long l = fresh ? lead : 0;
                    ready.set(phrase(k++, l, semitones(reg)));
                    if (fresh || moved) phrasesSeeded.incrementAndGet();
                    consumed = lead >>> 32;
                    registered = reg >>> 32;
                    waitingLead = l;
                } else if (fresh || moved && waitingLead == 0) {
                    long l = fresh ? lead : waitingLead;
                    Phrase again = phrase(k - 1, l, semitones(reg));
                    // Taken meanwhile: the next round composes phrase k from the lead-in and register instead.
                    if (ready.compareAndSet(waiting, again)) {
                        consumed = lead >>> 32;
                        registered = reg >>> 32;
                        waitingLead = l;
                        phrasesSeeded.incrementAndGet();
                    }
                } else if (moved) {
                    registered = reg >>> 32; // the waiting phrase starts where its lead-in said; the register plays from the one after
                } else {
                    LockSupport.parkNanos(this, IDLE_NANOS);
                }
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    /** Phrase {@code k}: composed at the temperature and density now, from seed + k and the packed lead-in (0 none). */
    Phrase phrase(long k, long lead) { return phrase(k, lead, 0); }

    /**
     * Phrase {@code k} from the packed lead-in, moved by {@code semitones} (the register) when it has
     * none: a lead-in says where the phrase starts, the register where the phrases without one play.
     */
    Phrase phrase(long k, long lead, int semitones) {
        Phrase p = phrase(Composer.compose(model, options(k, temperature.getAsDouble(), density.getAsDouble()).withLeadIn(pitches(lead))));
        return lead == 0 ? p.transposed(semitones) : p;
    }

    /** The pitches of a packed lead-in, oldest first. */
    static int[] pitches(long lead) {
        int n = (int) (lead >>> 28) & 7;
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[n - 1 - i] = (int) (lead >>> (7 * i)) & 127;
        return p;
    }

    /**
     * Audio thread: {@code pitch} was played on the MIDI input; the next phrase starts from it (with
     * the pitches played before it as context). One atomic store and a wake-up: no allocation, no lock.
     */
    public void leadIn(int pitch) {
        long old = leadIn.get();
        int n = Math.min(LEAD_IN_NOTES, ((int) (old >>> 28) & 7) + 1);
        long pitches = ((old << 7) | (pitch & 127)) & ((1L << (7 * n)) - 1);
        leadIn.set((((old >>> 32) + 1) << 32) | ((long) n << 28) | pitches);
        Thread w = worker;
        if (w != null) LockSupport.unpark(w);
    }

    /**
     * Audio thread: controller {@link #REGISTER_CC} sent {@code value} on the MIDI input: the next
     * phrase and those after it play {@code value - 64} semitones from the model's register (64 as
     * learnt, 76 an octave up, 52 an octave down; at most {@link #MAX_REGISTER} either way), until it
     * moves again. One atomic store and a wake-up: no allocation, no lock.
     */
    public void register(int value) {
        int semitones = Math.max(-MAX_REGISTER, Math.min(MAX_REGISTER, (value & 127) - 64));
        long old = register.get();
        if ((int) old == semitones && (old >>> 32) != 0) return; // a knob resends its value: nothing to recompose
        register.set((((old >>> 32) + 1) << 32) | (semitones & 0xFFFFFFFFL));
        Thread w = worker;
        if (w != null) LockSupport.unpark(w);
    }

    /** The semitones of a packed register. */
    static int semitones(long register) { return (int) register; }

    /**
     * What phrase {@code k} is composed with at temperature {@code t} and density {@code d} (clamped
     * to their ranges); a model learnt with --neural is played by its networks, here on the worker.
     */
    public Composer.Options options(long k, double t, double d) {
        return new Composer.Options(PHRASE_BARS, Math.max(0, Math.min(Temperature.MAX, t)), seed + k, null, maxCopyNotes,
                Math.max(0, Math.min(Composer.MAX_DENSITY, d)), null, model.neural());
    }

    /** The events of a composition, in beats (notes held past its end are released at its end). */
    static Phrase phrase(Composition c) {
        double length = c.lengthSteps() / (double) Grid.STEPS_PER_BEAT;
        record Event(double beat, int status, int d1, int d2) { }
        List<Event> events = new ArrayList<>();
        c.tracks().forEach((part, track) -> {
            for (Composition.Placed p : track.notes()) {
                double on = p.onset() / (double) Grid.STEPS_PER_BEAT;
                if (on >= length) continue;
                double off = Math.min(length, (p.onset() + p.note().duration()) / (double) Grid.STEPS_PER_BEAT);
                events.add(new Event(on, 0x90 | part.channel, p.note().pitch(), Math.max(1, p.note().velocity())));
                events.add(new Event(off, 0x80 | part.channel, p.note().pitch(), 0));
            }
        });
        // At equal beats a note-off first: a note struck again on the beat its last one ends sounds.
        events.sort(Comparator.comparingDouble(Event::beat).thenComparingInt(e -> (e.status() & 0xF0) == 0x80 ? 0 : 1));
        int n = events.size();
        double[] beat = new double[n];
        int[] status = new int[n], d1 = new int[n], d2 = new int[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            beat[i] = e.beat(); status[i] = e.status(); d1[i] = e.d1(); d2[i] = e.d2();
        }
        return new Phrase(beat, status, d1, d2, length);
    }

    /**
     * Audio thread, once per block, after the backend updated {@code transport}: adds this block's
     * notes to {@code out} at their frame offsets.
     */
    public void render(TransportState transport, int sampleRate, int frames, EventBuffer out) {
        grid.advance(transport, frames, sampleRate);
        double framesPerBeat = grid.framesPerBeat();
        double beatsPerBar = grid.beatsPerBar();
        if (playing && grid.following()) {
            // Phrases start on bar lines: where the master says the bar is, the phrase is.
            double aligned = Math.rint((position - grid.barBeat()) / beatsPerBar) * beatsPerBar + grid.barBeat();
            if (Math.abs(aligned - position) > JUMP_BEATS) {
                allNotesOff(out);
                playing = false;
                current = null;
            } else {
                position = aligned;
            }
        }
        if (!playing) {
            if (ready.get() == null) return;
            double toBar = grid.toNext(BeatGrid.BAR, 0);
            if (toBar >= frames) return;
            current = take();
            next = 0;
            position = -toBar / framesPerBeat;
            playing = true;
            phrasesStarted.lazySet(phrasesStarted.get() + 1);
        }
        double end = position + frames / framesPerBeat;
        while (true) {
            Phrase p = current;
            while (next < p.size() && p.beat[next] < end) {
                int offset = (int) Math.round((p.beat[next] - position) * framesPerBeat);
                out.addMidi(Math.max(0, Math.min(frames - 1, offset)), p.status[next], p.data1[next], p.data2[next]);
                if ((p.status[next] & 0xF0) == 0x90) notesWritten.lazySet(notesWritten.get() + 1);
                next++;
            }
            // The next phrase starts on the first bar line at or after this one's end.
            double start = Math.ceil(p.length / beatsPerBar - 1e-9) * beatsPerBar;
            if (end < start) break;
            Phrase following = take();
            if (following == null) { // the worker fell behind: the next one starts on a later bar line
                playing = false;
                current = null;
                return;
            }
            position -= start;
            end -= start;
            current = following;
            next = 0;
            phrasesStarted.lazySet(phrasesStarted.get() + 1);
        }
        position = end;
    }

    private Phrase take() {
        Phrase p = ready.getAndSet(null);
        Thread w = worker;
        if (p != null && w != null) LockSupport.unpark(w);
        return p;
    }

    private static void allNotesOff(EventBuffer out) {
        for (Part part : PARTS) out.addMidi(0, 0xB0 | part.channel, 123, 0);
    }

    /** Phrases begun so far (any thread). */
    public long phrasesStarted() { return phrasesStarted.get(); }

    /** Note-ons written so far (any thread). */
    public long notesWritten() { return notesWritten.get(); }

    /** Phrases composed from a lead-in or a new register so far (any thread). */
    public long phrasesSeeded() { return phrasesSeeded.get(); }

    /**
     * Offline, before a block (deterministic non-real-time mode, as the renderer waits for the
     * generators): waits until the next phrase is composed, so a bar line never finds the worker
     * behind and the phrases played depend only on the model, the seed and the parameters. Returns
     * at once when the worker failed or the composer is closed. The rendering thread.
     */
    public void awaitPhrase() {
        while (ready.get() == null && failure == null && !closed) LockSupport.parkNanos(this, 50_000L);
    }

    /** Whether the next phrase is composed and waiting (any thread; for tests). */
    boolean phraseReady() { return ready.get() != null; }

    /** The worker's failure, or null. */
    public Throwable failure() { return failure; }

    /** Control thread, after the last {@link #render}. */
    @Override
    public void close() {
        closed = true;
        dev.ersatz.engine.util.WorkerThreads.stop(worker);
    }
}
