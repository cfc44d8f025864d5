package dev.ersatz.engine.render;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The instrument graph: {@value #POLYPHONY} voices of grains over the loaded material, MIDI and
 * parameter events applied at their sample offsets, smoothed parameters, and a generator worker
 * deciding material ahead of the callback.
 *
 * <p>Threads. {@link #process} runs on the audio thread (JACK callback or the offline renderer) and
 * never allocates, locks, logs or does I/O. Control threads talk to it only through
 * {@link #sendMidi}, {@link #setParameter}, {@link #setCcMap}, {@link #load} and {@link #audition}, and read it through
 * the getters (published with atomic stores).
 */
public final class Instrument implements Processor, NonRealtime {
    /** Voices that may sound at once; beyond that a note steals (released voices first, then the oldest). */
    public static final int POLYPHONY = 16;
    /** Voice objects: POLYPHONY plus room for stolen voices to fade out while new ones start. */
    static final int VOICE_OBJECTS = 2 * POLYPHONY;
    /** Most decisions a voice stream can hold (the generator's lookahead says how many it keeps ready). */
    public static final int RING_CAPACITY = 64;
    private static final int QUEUE_CAPACITY = 1024;
    private static final int PENDING_CAPACITY = 1024;
    private static final int BLOCK_EVENT_CAPACITY = 1024;
    private static final float BEND_SMOOTHING_MS = 5f;

    private final ParameterSet params = InstrumentParams.SET;
    private final ControlQueue queue = new ControlQueue(QUEUE_CAPACITY);
    private final AtomicReference<Program> programRef = new AtomicReference<>();
    private final AtomicReference<CcMap> ccMapRef = new AtomicReference<>(CcMap.defaults());
    private final AtomicReference<Audition> auditionRef = new AtomicReference<>();
    private final AtomicInteger[] published;
    private final AtomicLong underruns = new AtomicLong();
    private final AtomicLong runaways = new AtomicLong();
    private final AtomicLong framesDone = new AtomicLong();
    private final AtomicLong lastController = new AtomicLong(-1);
    private final AtomicLong voicesSounding = new AtomicLong();
    private final AtomicLong notesLow = new AtomicLong();
    private final AtomicLong notesHigh = new AtomicLong();
    private final TransportState transport = new TransportState();
    private final BeatGrid grid = new BeatGrid();
    private final FrameClock clock = new FrameClock(framesDone);
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong silentBlocks = new AtomicLong();
    private final Voice[] voices = new Voice[VOICE_OBJECTS];
    /** Per voice stream: the last note started on it, packed by {@link #packNote}; read by generators. */
    private final AtomicLong[] streamNotes = new AtomicLong[VOICE_OBJECTS];

    // Audio-thread state.
    private final float[] target;
    private final float[] current;
    private final float[] step;
    private final int[] remaining;
    /** Per parameter: the beats it follows the tempo at, NaN when it does not ({@link #setTempoSync}). */
    private final float[] syncBeats;
    /** The tempo the synced parameters were last computed for. */
    private double syncedBpm = Double.NaN;
    private final EventBuffer merged = new EventBuffer(BLOCK_EVENT_CAPACITY);
    private final ControlQueue.Slot slot = new ControlQueue.Slot();
    private final long[] pFrame = new long[PENDING_CAPACITY];
    private final int[] pKind = new int[PENDING_CAPACITY];
    private final int[] pA = new int[PENDING_CAPACITY];
    private final int[] pB = new int[PENDING_CAPACITY];
    private final int[] pC = new int[PENDING_CAPACITY];
    private final float[] pValue = new float[PENDING_CAPACITY];
    private int pending;
    private Program program;
    /** Audio thread: the take being auditioned (or null) and the frame of it that plays next. */
    private Audition audition;
    private int auditionPos;
    private final AtomicLong auditionFrames = new AtomicLong();
    private long auditionTotal;
    private long frameTime;
    private long noteCounter;
    private boolean sustain;
    private float bendTarget;
    private float bend;
    private float bendStep;
    private int bendRemaining;
    private float[] mixL = new float[0];
    private float[] mixR = new float[0];
    private float[] pitchBuf = new float[0];
    private float[] gainBuf = new float[0];
    private final SafetyLimiter limiter = new SafetyLimiter();
    private float[] spreadBuf = new float[0];
    private float lastPitchSemis = Float.NaN;
    private float lastPitch = 1f;
    private float lastGainDb = Float.NaN;
    private float lastGain = 1f;

    private volatile int sampleRate;
    // Deterministic mode only, on the one rendering thread: what happened since the last fill.
    private int decisionsUsed;
    private boolean paramsMoved;
    private Program lastFilled;
    private boolean deterministic;
    private volatile GeneratorWorker worker;
    /** Audio thread, live mode: this block took a decision, moved a parameter or met a new program. */
    private boolean wakeWorker;

    public Instrument() {
        target = params.defaults();
        current = params.defaults();
        step = new float[params.size()];
        remaining = new int[params.size()];
        syncBeats = new float[params.size()];
        Arrays.fill(syncBeats, Float.NaN);
        // AtomicInteger per parameter rather than AtomicIntegerArray: no VarHandle linkage on the audio thread.
        published = new AtomicInteger[params.size()];
        for (int i = 0; i < params.size(); i++) published[i] = new AtomicInteger(Float.floatToRawIntBits(target[i]));
        for (int i = 0; i < VOICE_OBJECTS; i++) {
            voices[i] = new Voice(i);
            streamNotes[i] = new AtomicLong(-1);
        }
    }

    // ---------------------------------------------------------------- control thread

    /** Control thread, before {@link #configure}. */
    @Override
    public void setDeterministic(boolean deterministic) {
        if (worker != null) throw new IllegalStateException("set the mode before configure");
        this.deterministic = deterministic;
    }

    /** Control thread. Allocates every buffer for this config and starts the generator worker. */
    @Override
    public void configure(AudioConfig config) {
        int n = config.maxBlockFrames();
        mixL = new float[n];
        mixR = new float[n];
        pitchBuf = new float[n];
        gainBuf = new float[n];
        spreadBuf = new float[n];
        sampleRate = config.sampleRate();
        limiter.configure(sampleRate);
        if (worker == null) {
            GeneratorWorker w = new GeneratorWorker(this, deterministic);
            w.start();
            worker = w;
        }
    }

    /** Control thread, after the last process: stops the worker (which closes the generator). */
    @Override
    public void shutdown() {
        if (worker != null) worker.stop();
        worker = null;
    }

    /**
     * Control thread: play {@code material} with {@code generator}, seeded by {@code seed}. Built here,
     * swapped in with one atomic store; sounding voices of the old program fade out.
     */
    public void load(Material material, Generator generator, long seed) {
        programRef.set(new Program(material, generator, seed, this, VOICE_OBJECTS, RING_CAPACITY));
        GeneratorWorker w = worker;
        if (w != null && !deterministic) w.signal();
    }

    /**
     * Control thread: hear {@code take} from its start at the next block, mixed over what plays
     * (null stops it). Built by the caller, handed over with one atomic store; a take that is
     * playing is dropped for the new one.
     */
    public void audition(Audition take) { auditionRef.set(take); }

    /** Frames of auditioned takes played so far (any thread; for status and tests). */
    public long auditionedFrames() { return auditionFrames.get(); }

    /** Control thread: the controller map the audio thread uses from its next block. */
    public void setCcMap(CcMap map) { ccMapRef.set(map); }

    public CcMap ccMap() { return ccMapRef.get(); }

    /**
     * Any thread: a MIDI message to apply at absolute frame {@code atFrame} (see {@link #frameTime()}),
     * or at the start of the next block with {@link ControlQueue#ASAP}. False if the queue was full.
     */
    public boolean sendMidi(long atFrame, int status, int data1, int data2) {
        return queue.offer(atFrame, EventBuffer.MIDI, status & 0xFF, data1 & 0x7F, data2 & 0x7F, 0f);
    }

    /**
     * Any thread: set parameter {@code index} (clamped to its range) at {@code atFrame} or ASAP. An ASAP
     * change is visible to generators at once (so a preset set before a bounce shapes its very first
     * decisions); the audio thread applies it, smoothed, at the start of its next block.
     */
    public boolean setParameter(long atFrame, int index, float value) {
        float v = params.get(index).clamp(value);
        boolean queued = queue.offer(atFrame, EventBuffer.PARAM, index, 0, 0, v);
        if (queued && atFrame == ControlQueue.ASAP) published[index].set(Float.floatToRawIntBits(v));
        return queued;
    }

    /**
     * Any thread: from {@code atFrame} (or ASAP) on, parameter {@code index} follows the tempo at
     * {@code beats} (a length in beats for a time in ms, a count per beat for a rate per second; see
     * {@link Parameter#atTempo}); NaN ends it. The audio thread computes the value at the transport's
     * tempo at once and again in the first block that sees a new tempo, so a tempo change from a
     * timebase master is followed within one period. A parameter that cannot follow the tempo is
     * ignored. False if the queue was full.
     */
    public boolean setTempoSync(long atFrame, int index, float beats) {
        if (index < 0 || index >= params.size() || !params.get(index).followsTempo()) return true;
        boolean queued = queue.offer(atFrame, EventBuffer.SYNC, index, 0, 0, beats);
        if (queued && atFrame == ControlQueue.ASAP && beats == beats) { // visible to generators at once, as setParameter
            Parameter p = params.get(index);
            published[index].set(Float.floatToRawIntBits(p.clamp(p.atTempo(beats, transport.bpm()))));
        }
        return queued;
    }

    /** Any thread: set a parameter by stable id as soon as possible; unknown ids throw. */
    public boolean setParameter(String id, float value) {
        return setParameter(ControlQueue.ASAP, params.require(id), value);
    }

    /** Any thread: a parameter's value as the audio thread last applied it (its target, in its units). */
    public float parameter(int index) { return Float.intBitsToFloat(published[index].get()); }

    public float parameter(String id) { return parameter(params.require(id)); }

    public ParameterSet parameters() { return params; }

    /** Frames rendered so far: the clock {@link #sendMidi} frames refer to. */
    public long frameTime() { return framesDone.get(); }

    /**
     * Where this instrument's frames are in time: a live backend publishes into it, a control thread
     * turns a time (an OSC time tag) into the frame {@link #sendMidi} wants.
     */
    public FrameClock clock() { return clock; }

    /** Blocks rendered by the idle fast path (nothing sounding, nothing due); for tests and benchmarks. */
    public long silentBlocks() { return silentBlocks.get(); }

    /** Events queued for a frame that had already been rendered when they arrived (played at once). */
    public long lateEvents() { return late.get(); }

    /** Voice-stream ring underruns so far (each faded a voice out). */
    public long underruns() { return underruns.get(); }

    /**
     * Voices silenced because a sample was NaN, infinite or beyond +60 dBFS (a generator's or the
     * material's fault), plus output frames the safety limiter silenced for a NaN or an infinity.
     */
    public long runaways() { return runaways.get(); }

    /** Voices sounding after the last block (not counting stolen ones fading out). */
    public int voicesSounding() { return (int) voicesSounding.get(); }

    /** Whether a voice is sounding {@code note} (held, sustained or releasing) after the last block. */
    public boolean noteSounding(int note) {
        return note < 64 ? (notesLow.get() >>> note & 1) != 0 : (notesHigh.get() >>> (note - 64) & 1) != 0;
    }

    /** The last controller seen, as {@code cc << 8 | value}, or -1: what MIDI learn listens to. */
    public long lastController() { return lastController.get(); }

    /** Control events refused because the queue was full. */
    public long refusedEvents() { return queue.refused(); }

    /** Backend thread writes, generators read. */
    public TransportState transport() { return transport; }

    /** Audio delay the current generator adds (for JACK latency reporting). */
    public int latencyFrames() {
        Program p = programRef.get();
        return p == null ? 0 : p.generator.latencyFrames();
    }

    /** Times the generator worker woke up to fill rings (0 before configure); for tests and benchmarks. */
    public long generatorWakeups() {
        GeneratorWorker w = worker;
        return w == null ? 0 : w.wakeups();
    }

    /** The generator's failure, if its worker thread died. */
    public Throwable generatorFailure() { return worker == null ? null : worker.failure(); }

    /** Rendering thread, deterministic mode: fill every ring and wait. */
    @Override
    public void awaitGenerators() {
        if (worker == null) throw new IllegalStateException("not configured");
        if (!deterministic) return;
        // The worker would find every ring at its depth when no decision was used, no parameter moved
        // and no program arrived since its last fill: skip the hand-off then (the same fills happen).
        Program p = programRef.get();
        if (decisionsUsed == 0 && !paramsMoved && p == lastFilled) return;
        decisionsUsed = 0;
        paramsMoved = false;
        lastFilled = p;
        worker.fillAndWait();
    }

    /** The rate {@link #configure} set, 0 before (any thread). */
    public int sampleRate() { return sampleRate; }

    AtomicInteger[] publishedParams() { return published; }

    AtomicLong streamNote(int stream) { return streamNotes[stream]; }

    /** A note-on as one long: sequence number (which note-on this was), note, velocity. */
    static long packNote(long sequence, int note, int velocity) { return sequence << 16 | (note & 0x7F) << 8 | (velocity & 0x7F); }

    Program programForWorker() { return programRef.get(); }

    // ---------------------------------------------------------------- audio thread

    /** Audio thread: a voice took a decision from its ring. */
    void decisionUsed() {
        decisionsUsed++;
        wakeWorker = true;
    }

    /** Audio thread: a voice found its ring dry (and is fading out). */
    void countUnderrun() { underruns.lazySet(underruns.get() + 1); }

    /** Audio thread: a voice produced a non-finite or runaway sample (and was silenced). */
    void countRunaway() { runaways.lazySet(runaways.get() + 1); }

    /** Audio thread: a parameter's smoothed value now. */
    float current(int index) { return current[index]; }

    /** Audio thread: this block's beats and bar lines (for {@code sync}). */
    BeatGrid grid() { return grid; }

    /** Audio thread: the instrument frame this block starts at. */
    long blockStart() { return frameTime; }

    @Override
    public void process(EventBuffer events, float[][] outputs, int frames) {
        frames = Math.min(frames, mixL.length);
        Program p = programRef.get();
        if (p != program) {
            for (Voice v : voices) v.fade(sampleRate); // the old program's voices fade; new notes use the new one
            program = p;
            wakeWorker = true;
        }
        Audition take = auditionRef.get();
        if (take != audition) {
            audition = take;
            auditionPos = 0;
        }
        CcMap cc = ccMapRef.get();
        grid.advance(transport, frames, sampleRate);
        double bpm = grid.bpm();
        if (bpm != syncedBpm) {
            syncedBpm = bpm;
            for (int i = 0; i < syncBeats.length; i++) followTempo(i);
        }
        int division = (int) target[InstrumentParams.SYNC];
        for (Voice v : voices) v.resync(grid, division, frameTime);
        merged.clear();
        // Control-thread events first: at equal offsets they apply before the backend's (so a preset
        // set before a note-on at frame 0 shapes that note).
        collectQueued(frames);
        if (events.size() == 0 && merged.size() == 0 && silentBlock(outputs, frames)) return;
        for (int i = 0; i < events.size(); i++) {
            merged.add(events.offset(i), events.kind(i), events.status(i), events.data1(i), events.data2(i), events.value(i));
        }
        Arrays.fill(mixL, 0, frames, 0f);
        Arrays.fill(mixR, 0, frames, 0f);
        int pos = 0;
        for (int i = 0; i < merged.size(); i++) {
            int off = Math.max(0, Math.min(frames - 1, merged.offset(i)));
            if (off > pos) {
                renderSpan(pos, off);
                pos = off;
            }
            int kind = merged.kind(i);
            if (kind == EventBuffer.MIDI) midi(merged.status(i), merged.data1(i), merged.data2(i), cc);
            else if (kind == EventBuffer.PARAM) applyParam(merged.param(i), merged.value(i));
            else sync(merged.param(i), merged.value(i));
        }
        if (pos < frames) renderSpan(pos, frames);
        if (audition != null && auditionPos < audition.frames()) {
            int from = auditionPos;
            auditionPos = audition.mix(from, mixL, mixR, frames);
            auditionTotal += auditionPos - from;
            auditionFrames.lazySet(auditionTotal);
        }
        int silenced = limiter.process(mixL, mixR, frames);
        if (silenced > 0) runaways.lazySet(runaways.get() + silenced);
        writeOutputs(outputs, frames);
        frameTime += frames;
        framesDone.lazySet(frameTime);
        int sounding = 0;
        long low = 0;
        long high = 0;
        for (Voice v : voices) {
            if (!v.sounding()) continue;
            sounding++;
            if (v.note < 64) low |= 1L << v.note;
            else high |= 1L << (v.note - 64);
        }
        voicesSounding.lazySet(sounding);
        notesLow.lazySet(low);
        notesHigh.lazySet(high);
        if (wakeWorker) {
            wakeWorker = false;
            GeneratorWorker w = worker;
            if (w != null && !deterministic) w.signal(); // the rings it used are refilled off this thread
        }
    }

    /**
     * Audio thread: the idle fast path, taken for a block with no event due and nothing in motion. It
     * writes the zeros and publishes what the full path would have published for such a block (frames
     * done, no voice, no note, the worker woken if a program arrived), and skips the per-frame
     * smoothing loop, the voice loop, the mix and the limiter, which would only compute those zeros.
     * False, having changed nothing, when anything could make this block differ from silence: a voice
     * not FREE (a fading one included), a parameter or the pitch bend still gliding (its per-frame
     * steps must stay exact), or the limiter still recovering its gain. Both outcomes are compiled by
     * {@code JitWarmup}: a branch first taken on JACK's thread deoptimizes there, and that allocates.
     */
    private boolean silentBlock(float[][] outputs, int frames) {
        if (bendRemaining > 0 || limiter.gain() != 1) return false;
        if (audition != null && auditionPos < audition.frames()) return false;
        for (int r : remaining) if (r > 0) return false;
        for (Voice v : voices) if (v.state != Voice.FREE) return false;
        for (float[] o : outputs) Arrays.fill(o, 0, frames, 0f);
        frameTime += frames;
        framesDone.lazySet(frameTime);
        voicesSounding.lazySet(0);
        notesLow.lazySet(0);
        notesHigh.lazySet(0);
        if (wakeWorker) {
            wakeWorker = false;
            GeneratorWorker w = worker;
            if (w != null && !deterministic) w.signal();
        }
        silentBlocks.lazySet(silentBlocks.get() + 1);
        return true;
    }

    /** Moves queued control events due in this block into {@link #merged}; keeps later ones pending. */
    private void collectQueued(int frames) {
        while (pending < PENDING_CAPACITY && queue.poll(slot)) {
            pFrame[pending] = slot.frame; pKind[pending] = slot.kind; pA[pending] = slot.a;
            pB[pending] = slot.b; pC[pending] = slot.c; pValue[pending] = slot.value;
            pending++;
        }
        long end = frameTime + frames;
        int kept = 0;
        long lateNow = 0;
        for (int i = 0; i < pending; i++) {
            long f = pFrame[i];
            if (f >= end) {
                pFrame[kept] = f; pKind[kept] = pKind[i]; pA[kept] = pA[i]; pB[kept] = pB[i]; pC[kept] = pC[i]; pValue[kept] = pValue[i];
                kept++;
                continue;
            }
            int off = f < frameTime ? 0 : (int) (f - frameTime);
            if (f != ControlQueue.ASAP && f < frameTime) lateNow++;
            merged.add(off, pKind[i], pA[i], pB[i], pC[i], pValue[i]);
        }
        pending = kept;
        if (lateNow > 0) late.lazySet(late.get() + lateNow);
    }

    private void midi(int status, int d1, int d2, CcMap cc) {
        switch (status & 0xF0) {
            case 0x90 -> {
                if (d2 > 0) noteOn(d1, d2);
                else noteOff(d1);
            }
            case 0x80 -> noteOff(d1);
            case 0xB0 -> controller(d1, d2, cc);
            case 0xE0 -> {
                bendTarget = (((d2 << 7) | d1) - 8192) / 8192f;
                bendRemaining = Math.max(1, (int) (BEND_SMOOTHING_MS * 0.001f * sampleRate));
                bendStep = (bendTarget - bend) / bendRemaining;
            }
            default -> { } // aftertouch, program change (handled by the bridge), clock: not ours
        }
    }

    private void controller(int number, int value, CcMap cc) {
        lastController.lazySet(((long) number << 8) | value);
        switch (number) {
            case 64 -> {
                sustain = value >= 64;
                if (!sustain) {
                    for (Voice v : voices) if (v.sustained) v.release(frames(target[InstrumentParams.RELEASE]));
                }
            }
            case 120 -> { for (Voice v : voices) v.fade(sampleRate); }
            case 123 -> { for (Voice v : voices) v.release(frames(target[InstrumentParams.RELEASE])); }
            case 121 -> { // reset all controllers
                sustain = false;
                bendTarget = 0f;
                bendRemaining = Math.max(1, (int) (BEND_SMOOTHING_MS * 0.001f * sampleRate));
                bendStep = (bendTarget - bend) / bendRemaining;
            }
            default -> {
                int p = cc.param(number);
                if (p >= 0) applyParam(p, cc.value(number, value));
            }
        }
    }

    private void noteOn(int note, int velocity) {
        if (program == null) return;
        int sounding = 0;
        Voice victim = null;
        for (Voice v : voices) {
            if (!v.sounding()) continue;
            sounding++;
            if (victim == null || better(v, victim)) victim = v;
        }
        if (sounding >= POLYPHONY && victim != null) victim.fade(sampleRate);
        Voice chosen = null;
        for (Voice v : voices) if (v.state == Voice.FREE) { chosen = v; break; }
        if (chosen == null) { // every object busy fading: reuse the quietest
            for (Voice v : voices) if (chosen == null || v.env < chosen.env) chosen = v;
        }
        int root = (int) target[InstrumentParams.ROOT_NOTE];
        boolean clipMode = (int) target[InstrumentParams.NOTE_MODE] == InstrumentParams.MODE_CLIP;
        float ratio = clipMode ? 1f : (float) Math.pow(2, (note - root) / 12.0);
        int clip = clipMode ? Math.floorMod(note - root, program.material.clipCount()) : -1;
        float sens = target[InstrumentParams.VELOCITY_SENSITIVITY];
        float v = velocity / 127f;
        float velGain = (1 - sens) + sens * v * v;
        chosen.start(program, note, velGain, ratio, clip, ++noteCounter, frames(target[InstrumentParams.ATTACK]));
        streamNotes[chosen.stream].lazySet(packNote(noteCounter, note, velocity));
    }

    /** Stealing order: a released voice before a held one; among equals, the oldest. */
    private static boolean better(Voice a, Voice b) {
        boolean ar = a.state == Voice.RELEASE;
        boolean br = b.state == Voice.RELEASE;
        if (ar != br) return ar;
        return a.age < b.age;
    }

    private void noteOff(int note) {
        for (Voice v : voices) {
            if (!v.keyDown || v.note != note || !v.sounding() || v.state == Voice.RELEASE) continue;
            if (sustain) {
                v.keyDown = false;
                v.sustained = true;
            } else {
                v.release(frames(target[InstrumentParams.RELEASE]));
            }
        }
    }

    private void applyParam(int index, float value) {
        if (index < 0 || index >= target.length) return;
        Parameter par = params.get(index);
        float v = par.clamp(value);
        target[index] = v;
        paramsMoved = true;
        wakeWorker = true; // a generator's lookahead and decisions read parameters
        published[index].lazySet(Float.floatToRawIntBits(v));
        int n = (int) (par.smoothingMs() * 0.001f * sampleRate);
        boolean silent = true;
        for (Voice x : voices) if (x.state != Voice.FREE) { silent = false; break; }
        // Glides exist against zipper noise; while nothing sounds a jump is inaudible and exact.
        if (n <= 0 || silent) {
            current[index] = v;
            remaining[index] = 0;
        } else {
            remaining[index] = n;
            step[index] = (v - current[index]) / n;
        }
    }

    /** Audio thread: parameter {@code index} follows the tempo at {@code beats} from now (NaN: no longer). */
    private void sync(int index, float beats) {
        if (index < 0 || index >= syncBeats.length) return;
        syncBeats[index] = beats;
        followTempo(index);
    }

    /** Audio thread: sets a synced parameter to its value at the tempo of this block. */
    private void followTempo(int index) {
        float beats = syncBeats[index];
        if (beats == beats) applyParam(index, params.get(index).atTempo(beats, syncedBpm));
    }

    private int frames(float ms) { return Math.max(1, Math.round(ms * 0.001f * sampleRate)); }

    private void renderSpan(int from, int to) {
        for (int j = from; j < to; j++) {
            for (int i = 0; i < current.length; i++) {
                if (remaining[i] > 0) {
                    current[i] = --remaining[i] == 0 ? target[i] : current[i] + step[i];
                }
            }
            if (bendRemaining > 0) bend = --bendRemaining == 0 ? bendTarget : bend + bendStep;
            float semis = current[InstrumentParams.TRANSPOSE] + bend * current[InstrumentParams.BEND_RANGE];
            if (semis != lastPitchSemis) {
                lastPitchSemis = semis;
                lastPitch = (float) Math.pow(2, semis / 12.0);
            }
            float db = current[InstrumentParams.GAIN];
            if (db != lastGainDb) {
                lastGainDb = db;
                lastGain = (float) Math.pow(10, db / 20.0);
            }
            pitchBuf[j] = lastPitch;
            gainBuf[j] = lastGain;
            spreadBuf[j] = current[InstrumentParams.PAN_SPREAD];
        }
        for (Voice v : voices) {
            if (v.state != Voice.FREE) v.render(this, mixL, mixR, from, to, pitchBuf, gainBuf, spreadBuf);
        }
    }

    private void writeOutputs(float[][] outputs, int frames) {
        if (outputs.length == 1) {
            float[] o = outputs[0];
            for (int j = 0; j < frames; j++) o[j] = 0.5f * (mixL[j] + mixR[j]);
            return;
        }
        System.arraycopy(mixL, 0, outputs[0], 0, frames);
        System.arraycopy(mixR, 0, outputs[1], 0, frames);
        for (int ch = 2; ch < outputs.length; ch++) Arrays.fill(outputs[ch], 0, frames, 0f);
    }
}
