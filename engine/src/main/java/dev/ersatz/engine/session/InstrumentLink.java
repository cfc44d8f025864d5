package dev.ersatz.engine.session;

import dev.ersatz.engine.preset.PresetCodec;
import dev.ersatz.engine.preset.Preset;
import dev.ersatz.engine.preset.LoadedPreset;
import dev.ersatz.engine.preset.GeneratorKind;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.ParameterSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The preset session's way into a running {@link Instrument}: parameter changes and notes go onto
 * its lock-free control queue, presets swap in their CC map whole. A control thread
 * ("ersatz-presets": every {@link #LEARN_POLL_MS} ms while MIDI learn is armed, else every
 * {@link #POLL_MS} ms) finishes what the audio thread cannot: MIDI learn
 * (it watches the instrument's last controller), program changes the audio thread has seen
 * ({@link #programChange}, lock-free). Tempo-synced parameters are not its work: the instrument
 * follows the transport's tempo itself, within the period that brings a new tempo.
 */
public final class InstrumentLink implements PresetSession.Engine, AutoCloseable {
    /**
     * How often the poller looks when nothing is armed: program changes follow within this. It was 10 ms, and the wake-ups alone cost an idle `ersatz run` 0.65-0.70%
     * of a core (per-thread CPU, docs/bench/jack.md).
     */
    public static final long POLL_MS = 50;
    /** How often it looks while MIDI learn waits for a controller (the knob a producer moves answers at once). */
    public static final long LEARN_POLL_MS = 10;

    /** Rebuilds the instrument's program when a preset needs another generator kind or corpus. */
    public interface Reloader {
        void reload(LoadedPreset preset) throws Exception;
    }

    private final Instrument instrument;
    private final ParameterSet set;
    private final Reloader reloader;
    private PresetSession session;
    private Consumer<String> log = s -> { };
    private volatile Thread poller;
    private volatile boolean closed;

    // Control-thread state (the session's locks or the poller).
    private volatile String armedId;
    private volatile long armedBaseline;
    private GeneratorKind kind;
    private String corpus;
    private final AtomicInteger pendingProgram = new AtomicInteger(-1);

    public InstrumentLink(Instrument instrument, GeneratorKind kind, String corpus, Reloader reloader) {
        this.instrument = instrument;
        this.set = instrument.parameters();
        this.kind = kind;
        this.corpus = corpus;
        this.reloader = reloader;
    }

    /** Attaches the session (which calls back into this link) and starts the control poller. */
    public synchronized void start(PresetSession s, Consumer<String> messages) {
        this.session = s;
        this.log = messages;
        poller = new Thread(() -> {
            while (!closed) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(armedId != null ? LEARN_POLL_MS : POLL_MS));
                if (!closed) poll();
            }
        }, "ersatz-presets");
        poller.setDaemon(true);
        poller.start();
    }

    @Override
    public void setParameter(String id, double value, long atFrame) {
        instrument.setParameter(atFrame, set.require(id), (float) value);
    }

    @Override
    public void note(int note, int velocity, long atFrame) {
        instrument.sendMidi(atFrame, velocity == 0 ? 0x80 : 0x90, note, velocity);
    }

    /**
     * The session's load lock, not its state lock: a preset of another kind or corpus gets its program
     * built (a model may train) and swapped in here, while the session keeps answering.
     */
    @Override
    public void prepare(LoadedPreset p) {
        Preset preset = p.preset();
        String ref = p.corpusPath() == null ? null : p.corpusPath().toString();
        if (preset.kind() != kind || (ref != null && !ref.equals(corpus))) {
            try {
                reloader.reload(p);
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot switch to " + preset.kind().id() + ": " + e.getMessage(), e);
            }
            kind = preset.kind();
            if (ref != null) corpus = ref;
        }
    }

    @Override
    public void apply(LoadedPreset p) {
        InstrumentPresets.apply(instrument, p.preset());
    }

    @Override
    public double playing(String id) {
        int i = set.indexOf(id);
        return i < 0 ? Double.NaN : instrument.parameter(i);
    }

    @Override
    public void armLearn(String id) {
        armedBaseline = instrument.lastController();
        armedId = id;
        Thread t = poller;
        if (t != null) LockSupport.unpark(t); // look every 10 ms from now
    }

    /** Any thread, the audio thread included (no allocation, no lock): a program change arrived. */
    public void programChange(int program) { pendingProgram.set(program & 0x7F); }

    /** The control poller: learn, program change (the instrument follows the tempo itself). Public for tests that drive it by hand. */
    public void poll() {
        PresetSession s = session;
        if (s == null) return;
        try {
            String id = armedId;
            long last = instrument.lastController();
            if (id != null && last != armedBaseline && last >= 0) {
                int cc = (int) (last >>> 8) & 0x7F;
                if (unlearnable(cc)) {
                    armedBaseline = last; // the pedal and channel-mode messages are not learnable
                } else {
                    armedId = null;
                    instrument.setCcMap(instrument.ccMap().with(cc, id));
                    s.learnt(cc, id);
                    log.accept("learnt CC " + cc + " -> " + id);
                }
            }
            int program = pendingProgram.getAndSet(-1);
            if (program >= 0) {
                LoadedPreset p = s.program(program);
                log.accept(p == null ? "program " + program + ": no preset in " + s.folder().dir() : "program " + program + ": " + p.file().getFileName());
            }
        } catch (Exception e) {
            log.accept(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static boolean unlearnable(int cc) { return PresetCodec.reservedCc(cc) || cc >= 120; }

    @Override
    public synchronized void close() {
        closed = true;
        if (poller != null) LockSupport.unpark(poller);
    }
}
