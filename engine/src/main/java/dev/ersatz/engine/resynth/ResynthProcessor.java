package dev.ersatz.engine.resynth;

import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.render.NonRealtime;
import dev.ersatz.engine.render.Processor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Resynthesis of the audio input, on top of the processor it wraps (the instrument, whose notes
 * still play): the input goes to a worker ({@link UnitStream}) that cuts it into units and matches
 * each to a corpus unit; the audio thread plays the chosen corpus audio from the unit's start, its
 * level following the input's envelope (the ratio of two followers, the input's and the played
 * corpus audio's, capped at {@code max_gain}), mixed with the input by {@code dry_wet}.
 *
 * <p>Latency: a unit is described once its {@link CorpusUnits#DESCRIBE_FRAMES} samples have arrived,
 * and its decision plays one period after that, so the worker has a whole period to make it. The
 * input (dry) is delayed by the same {@link #latencyFrames}, so dry and wet stay together and the
 * output is the input's rhythm, late by exactly that much. A decision that comes later than its
 * frame (a slow worker) plays at once, from as far into the unit as it is late, and is counted.
 *
 * <p>Threads. {@link #input} and {@link #process} run on the audio thread (JACK's, or the offline
 * renderer's) and allocate nothing, lock nothing. The worker runs on its own thread live, and on the
 * rendering thread between blocks in deterministic mode ({@link #awaitGenerators}), so a bounce is
 * the same for a seed whatever the machine's speed. {@link #load}, {@link #configure},
 * {@link #shutdown}: control thread.
 */
public final class ResynthProcessor implements Processor, NonRealtime {
    /** Where the controls come from: a parameter's current value by {@link InstrumentParams} index. Any thread, allocation-free. */
    public interface Controls {
        float value(int index);
    }

    private static final int FADE_IN = 32;
    private static final double FADE_OUT_SECONDS = 0.005;
    private static final double ATTACK_SECONDS = 0.001, RELEASE_SECONDS = 0.01, HOLD_SECONDS = 0.5;
    private static final float CEILING = 0.9660509f; // −0.3 dBFS, as the instrument's safety limiter
    private static final double SILENT_POWER = (double) UnitStream.SILENT_RMS * UnitStream.SILENT_RMS;
    private static final int INPUT_RING = 1 << 17; // 2.7 s at 48 kHz: the worker may stall that long before input is dropped
    private static final int DECISIONS = 1024;
    static final int HANDOVER_MS = 100;
    private static final int EVENTS = 1024;

    /** What plays now: a source, its worker side and the rings between the threads. Swapped whole. */
    private static final class Active {
        final ResynthSource source;
        final InputRing input = new InputRing(INPUT_RING);
        final DecisionRing decisions = new DecisionRing(DECISIONS);
        final UnitStream stream;

        Active(ResynthSource source, int rate, long seed, Controls controls, java.util.function.BooleanSupplier handsOver) {
            this.source = source;
            this.stream = new UnitStream(source, rate, seed, controls, input, decisions, handsOver);
        }
    }

    private final Processor inner;
    private final Controls controls;
    private final AtomicReference<Active> active = new AtomicReference<>();
    private ResynthSource pending;
    private long seed;
    private Consumer<UnitStream.Choice> recorder;
    private boolean deterministic;
    private volatile int sampleRate;
    private volatile int latency = CorpusUnits.DESCRIBE_FRAMES;
    private volatile long late;
    private volatile long played;
    private volatile boolean handOver;

    // worker thread (live mode)
    private Thread worker;
    private volatile boolean running;
    private volatile boolean signalled;
    private volatile boolean sleeping;

    // audio-thread state
    private Active playing;
    private float[] delayL = new float[0], delayR = new float[0], mono = new float[0];
    private int delayMask;
    private long frame;
    private boolean inputGiven;
    private float[] cur, old;
    private double curPos, oldPos;
    private float curStep, oldStep;
    private int curFade, oldFade, fadeOutFrames;
    private double envIn, envOut, envSlow, att, rel, slow;
    private float lastMaxGainDb = Float.NaN, maxGain;
    private final EventBuffer merged = new EventBuffer(EVENTS + 2);
    private long silentRun;
    private volatile boolean handedOver;
    private int handNote;

    public ResynthProcessor(Processor inner, Controls controls) {
        this.inner = inner;
        this.controls = controls;
    }

    // ---------------------------------------------------------------- control thread

    /**
     * Control thread: resynthesize with {@code source} (null: stop), seeded by {@code s}. Before
     * {@link #configure} it waits for the rate; after, it is built here and swapped in with one
     * atomic store.
     */
    public void load(ResynthSource source, long s) {
        pending = source;
        seed = s;
        if (sampleRate > 0) activate();
    }

    /**
     * Control thread: with {@code hold} on, a silent input hands over to the processor inside (a
     * learned model's instrument): a note ({@code root_note}, at a velocity from the input's last
     * level) starts on it once the input has been silent for {@value #HANDOVER_MS} ms, and ends when
     * the input plays again; meanwhile no corpus unit is decided. Off (the default), hold keeps
     * playing corpus units in the input's last texture.
     */
    public void handOver(boolean on) { handOver = on; }

    /** Whether a silent input hands over to the inner processor's notes (see {@link #handOver(boolean)}). */
    public boolean handsOver() { return handOver; }

    /** Whether the inner processor is playing the hand-over note now. Any thread. */
    public boolean handedOver() { return handedOver; }

    /** Control thread, before {@link #load}: hear every choice the worker makes (tests, reports). */
    void record(Consumer<UnitStream.Choice> r) { recorder = r; }

    /** Whether a source is loaded (the backend then opens {@link #inputChannels} inputs). */
    public boolean resynthesizing() { return pending != null; }

    @Override
    public int inputChannels() { return pending != null ? 2 : inner.inputChannels(); }

    /**
     * Frames from a sound on the input to its resynthesis on the output: the description window
     * plus one period (the last period the audio thread rendered, or the block size before that).
     */
    public int latencyFrames() { return latency; }

    /** The latency for a backend that will run periods of {@code period} frames. */
    public static int latencyFrames(int period) { return CorpusUnits.DESCRIBE_FRAMES + period; }

    /** Decisions that reached the audio thread after their frame (played at once, skipped ahead). Any thread. */
    public long lateDecisions() { return late; }

    /** Corpus units started so far. Any thread. */
    public long unitsPlayed() { return played; }

    /** Input units matched so far. Any thread. */
    public long unitsMatched() { Active a = active.get(); return a == null ? 0 : a.stream.matched(); }

    /** Input samples dropped because the worker fell a whole ring behind. Any thread. */
    public long inputDropped() { Active a = active.get(); return a == null ? 0 : a.input.dropped(); }

    /** The source playing, or null. */
    public ResynthSource source() { Active a = active.get(); return a == null ? null : a.source; }

    @Override
    public void setDeterministic(boolean d) {
        deterministic = d;
        if (inner instanceof NonRealtime n) n.setDeterministic(d);
    }

    @Override
    public void configure(AudioConfig config) {
        inner.configure(config);
        int block = config.maxBlockFrames();
        int size = Integer.highestOneBit(CorpusUnits.DESCRIBE_FRAMES + 2 * block) << 1;
        delayL = new float[size];
        delayR = new float[size];
        delayMask = size - 1;
        mono = new float[block];
        sampleRate = config.sampleRate();
        att = 1 - Math.exp(-1.0 / (ATTACK_SECONDS * sampleRate));
        rel = 1 - Math.exp(-1.0 / (RELEASE_SECONDS * sampleRate));
        slow = 1 - Math.exp(-1.0 / (HOLD_SECONDS * sampleRate));
        fadeOutFrames = (int) Math.round(FADE_OUT_SECONDS * sampleRate);
        if (pending != null) activate();
        if (!deterministic && worker == null) {
            running = true;
            worker = new Thread(this::work, "ersatz-resynth");
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void activate() {
        Active a = new Active(pending, sampleRate, seed, controls, this::handsOver);
        a.stream.record(recorder);
        active.set(a);
        signal();
    }

    @Override
    public void shutdown() {
        running = false;
        Thread w = worker;
        worker = null;
        dev.ersatz.engine.util.WorkerThreads.stop(w);
        inner.shutdown();
    }

    @Override
    public void awaitGenerators() {
        if (inner instanceof NonRealtime n) n.awaitGenerators();
        if (!deterministic) return;
        Active a = active.get();
        if (a != null) a.stream.step();
    }

    // ---------------------------------------------------------------- worker thread

    private void work() {
        while (running) {
            signalled = false;
            Active a = active.get();
            if (a != null) a.stream.step();
            sleeping = true;
            while (running && !signalled) LockSupport.park(this);
            sleeping = false;
        }
    }

    /** Any thread: input arrived. Allocation-free: two volatile accesses and, when the worker sleeps, a futex wake. */
    private void signal() {
        signalled = true;
        Thread w = worker;
        if (sleeping && w != null) LockSupport.unpark(w);
    }

    // ---------------------------------------------------------------- audio thread

    @Override
    public void input(float[][] inputs, int frames) {
        inner.input(inputs, frames);
        if (inputs.length == 0 || active.get() == null) return;
        frames = Math.min(frames, mono.length);
        float[] l = inputs[0], r = inputs[Math.min(1, inputs.length - 1)];
        for (int j = 0; j < frames; j++) {
            float a = Sanitize.sample(l[j]), b = Sanitize.sample(r[j]);
            int i = (int) ((frame + j) & delayMask);
            delayL[i] = a;
            delayR[i] = b;
            mono[j] = 0.5f * (a + b);
        }
        inputGiven = true;
    }

    @Override
    public void process(EventBuffer events, float[][] outputs, int frames) {
        Active a = active.get();
        if (a == null) {
            inner.process(events, outputs, frames);
            return;
        }
        inner.process(handOverEvents(events), outputs, frames);
        frames = Math.min(frames, mono.length);
        if (a != playing) {
            playing = a;
            cur = null;
            old = null;
        }
        if (!inputGiven) { // a backend without inputs: the input is silence
            for (int j = 0; j < frames; j++) {
                int i = (int) ((frame + j) & delayMask);
                delayL[i] = 0;
                delayR[i] = 0;
                mono[j] = 0;
            }
        }
        inputGiven = false;
        a.input.write(mono, frames);
        int lat = CorpusUnits.DESCRIBE_FRAMES + frames;
        if (lat != latency) latency = lat;
        float wet = controls.value(InstrumentParams.DRY_WET);
        float gainDb = controls.value(InstrumentParams.MAX_GAIN);
        if (gainDb != lastMaxGainDb) {
            lastMaxGainDb = gainDb;
            maxGain = (float) Math.pow(10, gainDb / 20.0);
        }
        boolean hold = controls.value(InstrumentParams.HOLD) >= 0.5f;
        float rateRatio = (float) a.source.rate() / sampleRate;
        CorpusUnits units = a.source.units();
        DecisionRing d = a.decisions;
        float[] outL = outputs[0], outR = outputs[Math.min(1, outputs.length - 1)];
        for (int j = 0; j < frames; j++) {
            long f = frame + j;
            while (d.ready() && d.frame() + lat <= f) {
                long lateBy = f - (d.frame() + lat);
                start(units, d.unit(), d.rate() * rateRatio, lateBy);
                d.pop();
            }
            int di = (int) ((f - lat) & delayMask);
            float dl = delayL[di], dr = delayR[di];
            double x = 0.5 * (dl + dr);
            float v = voice();
            double pi = x * x, po = (double) v * v;
            envIn += (pi > envIn ? att : rel) * (pi - envIn);
            envOut += (po > envOut ? att : rel) * (po - envOut);
            if (envIn > SILENT_POWER) {
                envSlow += slow * (envIn - envSlow);
                silentRun = 0;
            } else {
                silentRun++;
            }
            double level = hold && !handedOver && envIn <= SILENT_POWER ? envSlow : envIn; // handed over: the corpus unit fades with the input
            double g = Math.min(maxGain, Math.sqrt(level / (envOut + 1e-12)));
            float w = (float) (g * v);
            outL[j] = guard(outL[j] + wet * w + (1 - wet) * dl);
            if (outR != outL) outR[j] = guard(outR[j] + wet * w + (1 - wet) * dr);
        }
        frame += frames;
        signal();
    }

    /**
     * Audio thread: the block's events, and the hand-over note's start or end when the input fell
     * silent (for {@value #HANDOVER_MS} ms, with hold) or came back, at the block's start (decided on
     * the previous block's last sample: the inner processor renders before this block's envelope).
     */
    private EventBuffer handOverEvents(EventBuffer events) {
        boolean want = handOver && envSlow > SILENT_POWER && controls.value(InstrumentParams.HOLD) >= 0.5f
                && silentRun >= (long) HANDOVER_MS * sampleRate / 1000;
        if (want == handedOver) return events;
        merged.clear();
        if (want) {
            handNote = Math.round(controls.value(InstrumentParams.ROOT_NOTE));
            double db = 10 * Math.log10(envSlow); // the input's level of the last half second: −60 dBFS → 1, 0 dBFS → 127
            int velocity = (int) Math.max(1, Math.min(127, Math.round(127 * (1 + db / 60))));
            merged.add(0, EventBuffer.MIDI, 0x90, handNote, velocity, 0f);
        } else {
            merged.add(0, EventBuffer.MIDI, 0x80, handNote, 0, 0f);
        }
        handedOver = want;
        for (int i = 0; i < events.size() && i < EVENTS; i++) {
            merged.add(events.offset(i), events.kind(i), events.status(i), events.data1(i), events.data2(i), events.value(i));
        }
        return merged;
    }

    /** Audio thread: corpus unit {@code u} starts now (at {@code step} corpus samples a frame), {@code skip} frames in; the one playing fades out. */
    private void start(CorpusUnits units, int u, float step, long skip) {
        if (cur != null) {
            old = cur;
            oldPos = curPos;
            oldStep = curStep;
            oldFade = fadeOutFrames;
        }
        cur = units.audio[units.clip[u]];
        curStep = step;
        curPos = units.start[u] + skip * (double) step;
        curFade = (int) Math.min(FADE_IN, skip);
        played++;
        if (skip > 0) late++;
    }

    /** Audio thread: the next sample of the unit playing and of the one fading out. */
    private float voice() {
        float v = 0;
        if (cur != null) {
            int i = (int) curPos;
            if (i >= cur.length) {
                cur = null;
            } else {
                float fr = (float) (curPos - i);
                float s = cur[i] + fr * ((i + 1 < cur.length ? cur[i + 1] : 0f) - cur[i]);
                float g = curFade < FADE_IN ? curFade++ / (float) FADE_IN : 1f;
                v += g * s;
                curPos += curStep;
            }
        }
        if (old != null) {
            int i = (int) oldPos;
            if (i >= old.length || oldFade <= 0) {
                old = null;
            } else {
                float fr = (float) (oldPos - i);
                float s = old[i] + fr * ((i + 1 < old.length ? old[i + 1] : 0f) - old[i]);
                v += s * (oldFade-- / (float) fadeOutFrames);
                oldPos += oldStep;
            }
        }
        return v;
    }

    private static float guard(float v) {
        if (!(Math.abs(v) <= Float.MAX_VALUE)) return 0f;
        return Math.max(-CEILING, Math.min(CEILING, v));
    }
}
