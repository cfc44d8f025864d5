package dev.ersatz.engine.model;

import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.render.Processor;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays a {@link GrainModel}: a generator worker thread runs the {@link GrainSequencer} (token
 * sampling, grain choice) ahead of the audio thread and hands grain indices over a lock-free ring;
 * the audio thread overlap-adds them ({@link GrainPlayer}). MIDI CC1 (mod wheel) sets the
 * temperature, 0..127 → 0..{@link #MOD_WHEEL_MAX_TEMPERATURE}.
 *
 * <p>Each grain is decided at the temperature in force when the audio thread asked for it (the
 * audio thread writes it beside the request), so what is played depends on the events and the
 * block schedule only, never on thread timing. Live, a grain the worker has not delivered in time
 * is an underrun (counted, faded); offline ({@code offline = true}) the renderer's loop waits for it,
 * which makes a bounce exact.
 */
public final class ModelProcessor implements Processor {
    public static final double MOD_WHEEL_MAX_TEMPERATURE = 2.0;
    /** Grains decided ahead of the audio thread: the lookahead (and latency of a temperature change). */
    public static final int LOOKAHEAD_GRAINS = 8;

    private final GrainModel model;
    private final long seed;
    private final long maxCopySamples;
    private final boolean offline;
    private volatile double temperature;
    private IntRing ring;
    private double[] temperatureOf; // per ring slot: the temperature grain k is decided at
    private GrainPlayer player;
    private GrainSequencer sequencer;
    private Thread worker;
    private volatile boolean running;
    private volatile long requested;
    private long consumed;
    private final GrainPlayer.Source source = this::takeGrain;
    private int[] decided = new int[1024];
    private int decidedCount;
    private final boolean record;

    /**
     * @param maxCopyMs the longest verbatim copy of the corpus in ms, 0 for no bound
     * @param record keep every decided grain (provenance, for tests and reports)
     */
    public ModelProcessor(GrainModel model, long seed, double temperature, double maxCopyMs, boolean offline, boolean record) {
        this.model = model;
        this.seed = seed;
        this.temperature = temperature;
        this.maxCopySamples = maxCopyMs <= 0 ? 0 : (long) Math.floor(maxCopyMs * model.sampleRate() / 1000.0);
        this.offline = offline;
        this.record = record;
        if (maxCopySamples != 0 && maxCopySamples < model.grainSize()) {
            throw new IllegalArgumentException("--max-copy-ms must be at least one grain ("
                    + String.format(java.util.Locale.ROOT, "%.1f", model.grainSize() * 1000.0 / model.sampleRate()) + " ms for this model)");
        }
    }

    /** Control thread. Starts the generator worker. */
    @Override
    public void configure(AudioConfig config) {
        if (config.sampleRate() != model.sampleRate()) {
            throw new IllegalArgumentException("the model is at " + model.sampleRate() + " Hz but the engine runs at "
                    + config.sampleRate() + " Hz (train it with --rate " + config.sampleRate() + ")");
        }
        shutdown();
        ring = new IntRing(LOOKAHEAD_GRAINS);
        temperatureOf = new double[ring.capacity()];
        player = new GrainPlayer(model);
        sequencer = new GrainSequencer(model, seed, temperature, maxCopySamples);
        requested = 0;
        consumed = 0;
        decidedCount = 0;
        running = true;
        worker = new Thread(this::work, "ersatz-model-generator");
        worker.setDaemon(true);
        worker.start();
    }

    /** Control thread (any time): the temperature for grains asked for from now on. */
    public void temperature(double t) { temperature = Math.max(0, Math.min(Temperature.MAX, t)); }

    public double temperature() { return temperature; }

    /** Grain starts that found the worker behind (live only). */
    public long underruns() { return player == null ? 0 : player.underruns(); }

    /** Audio thread. */
    @Override
    public void process(EventBuffer events, float[][] outputs, int frames) {
        for (int i = 0; i < events.size(); i++) {
            if (events.kind(i) == EventBuffer.MIDI && (events.status(i) & 0xF0) == 0xB0 && events.data1(i) == 1) {
                temperature = events.data2(i) / 127.0 * MOD_WHEEL_MAX_TEMPERATURE;
            }
        }
        request();
        player.render(source, outputs, 0, frames);
    }

    /** Audio thread: asks the worker for grains up to a full ring, each at the current temperature. */
    private void request() {
        double t = temperature;
        long target = consumed + ring.capacity();
        long from = requested;
        if (target <= from) return;
        for (long k = from; k < target; k++) temperatureOf[(int) k & (temperatureOf.length - 1)] = t;
        requested = target;
    }

    private int takeGrain() {
        int g = ring.poll();
        if (g < 0 && offline) {
            int spins = 0;
            while ((g = ring.poll()) < 0 && running) {
                if (++spins < 100) Thread.onSpinWait(); else Thread.yield();
            }
        }
        if (g >= 0) {
            consumed++;
            if (offline) request(); // a block longer than the lookahead still gets all its grains
        }
        return g;
    }

    /** Generator worker thread: decides grains up to what the audio thread asked for. */
    private void work() {
        long produced = 0;
        int idle = 0;
        while (running) {
            if (produced < requested && ring.size() < ring.capacity()) {
                sequencer.temperature(temperatureOf[(int) produced & (temperatureOf.length - 1)]);
                int g = sequencer.next();
                if (record) {
                    if (decidedCount == decided.length) decided = java.util.Arrays.copyOf(decided, decided.length * 2);
                    decided[decidedCount++] = g;
                }
                ring.offer(g);
                produced++;
                idle = 0;
            } else if (++idle < 200) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(offline ? 20_000 : 200_000);
            }
        }
    }

    /** Control thread, after the last process. Stops the worker. */
    @Override
    public void shutdown() {
        running = false;
        if (worker != null) {
            try {
                worker.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
    }

    /**
     * Control thread, after {@link #shutdown}: the grains actually played, in order (recording
     * processors only).
     */
    public int[] playedGrains() {
        return java.util.Arrays.copyOf(decided, (int) Math.min(decidedCount, consumed));
    }

    public GrainModel model() { return model; }
}
