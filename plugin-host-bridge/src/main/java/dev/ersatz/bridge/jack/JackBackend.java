package dev.ersatz.bridge.jack;

import com.sun.jna.Callback;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.ersatz.bridge.midi.MidiInbox;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.render.FrameClock;
import dev.ersatz.engine.render.Processor;
import dev.ersatz.engine.render.StringConstants;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * Runs a {@link Processor} as a JACK client: audio outputs {@code out_L}, {@code out_R}, a JACK MIDI
 * input {@code midi_in}, and audio inputs {@code in_L}, {@code in_R} when the processor listens to
 * inputs ({@link Processor#inputChannels}). JACK MIDI events reach the processor with their frame offsets inside the
 * period (sample-accurate); MIDI from a {@link MidiInbox} lands at offset 0 of the next period.
 *
 * <p>JNAJack opens the client, registers ports, connects, and carries the xrun, buffer-size,
 * sample-rate and shutdown callbacks. The process callback itself is ours ({@link JackNative}): it
 * allocates nothing (JNAJack's wrapper allocates a Pointer per port per cycle).
 *
 * <p>Buffer sizes: the processor is configured once for {@link #MAX_FRAMES} (jackd2's largest period),
 * so a {@code jack_bufsize} change needs no reallocation at all. A sample-rate change, or a period
 * larger than that (another server's), is reconfigured once per change on a control thread while the
 * callback outputs silence: a larger period grows the buffers to it. The processor is swapped back in
 * with one atomic reference.
 *
 * <p>Never starts a server: opens with {@code JackNoStartServer}. The server is JACK's default one, or
 * the one named by the JACK_DEFAULT_SERVER environment variable (JNAJack cannot pass a server name).
 */
public final class JackBackend implements AutoCloseable {
    /** jackd2's largest period (frames). */
    public static final int MAX_FRAMES = 8192;
    /** Events one period can carry; more are dropped and counted ({@link Stats#eventsDropped}). */
    public static final int EVENT_CAPACITY = 1024;
    public static final int CHANNELS = 2;
    /**
     * How long {@link #close} waits for the JACK thread to leave on its own. Its last act is a
     * request on the client's channel (deactivation); ours must not overlap it (two requests at
     * once on one channel deadlock), so this is generous.
     */
    private static final long LEAVE_MILLIS = 3000;
    /** The Java name of JACK's process thread. */
    static final String PROCESS_THREAD = "ersatz-jack-process";
    private static final java.util.concurrent.atomic.AtomicBoolean OPENED = new java.util.concurrent.atomic.AtomicBoolean();

    /** Counters for the status line and the tests; read on any thread. */
    public record Stats(long callbacks, long xruns, float cpuLoadPercent, int sampleRate, int bufferSize,
                        long silentPeriods, long eventsDropped, long processorFailures, long lastCostNanos) { }

    private final Jack jack;
    private final JackClient client;
    private final long clientHandle;
    private final JackPort outL;
    private final JackPort outR;
    private final JackPort midiIn;
    private final long outLHandle;
    private final long outRHandle;
    private final long midiInHandle;
    private final JackPort[] ins;      // audio inputs the processor asked for (in_L, in_R), maybe none
    private final long[] inHandles;
    private final JackPort midiOut; // null without a MIDI output
    private final long midiOutHandle;
    private final MidiOutput midiOutput;
    private final Memory midiOutData = new Memory(4);
    private volatile long midiOutDropped;
    private final Processor processor;
    private final MidiInbox inbox;
    private final FrameClock clock;

    // audio-thread state, all preallocated
    private final AtomicReference<Processor> live = new AtomicReference<>();
    private volatile boolean busy;
    private volatile float[][] outputs; // grown, never shrunk, by the reconfigurer while the processor is out
    private volatile float[][] inputs;  // the same, for the audio inputs
    private final EventBuffer events = new EventBuffer(EVENT_CAPACITY);
    private final Memory midiEvent = new Memory(JackNative.MIDI_EVENT_SIZE);
    private final Memory position = new Memory(JackNative.POSITION_SIZE);
    private final Memory cycleTimes = new Memory(JackNative.CYCLE_TIMES_SIZE);
    private final Pointer scratch = new Pointer(0); // repointed at each native buffer; never allocates
    private final JackTransport transport = new JackTransport();
    private final TransportListener transportListener;
    private final CallbackTimings timings = new CallbackTimings();
    private volatile int capacity;
    private volatile long callbacks;
    private volatile long silentPeriods;
    private volatile long processorFailures;
    private volatile long lastCostNanos;
    private volatile long jackThreadId;
    private volatile Thread jackThread;
    private volatile boolean leaving;

    // notification-thread state
    private final AtomicLong xruns = new AtomicLong();
    private final Memory latencyRange = new Memory(8);
    private volatile int lookaheadFrames;
    private volatile int inputLatencyFrames;
    private volatile int sampleRate;
    private volatile int bufferSize;
    private volatile int configuredRate;
    private final CountDownLatch serverGone = new CountDownLatch(1);
    /** How long {@link #close} waits, after the server died, for JACK's threads to leave the JVM. */
    static final long DETACH_MILLIS = 2000;
    private volatile boolean closed;
    private final Thread reconfigurer;
    private final Object reconfigureSignal = new Object();
    private volatile long reconfigurations;

    // JACK holds raw pointers to these: keep them strongly reachable as long as the client lives.
    private final JackNative.ProcessCallback processCallback = this::process;
    private final JackNative.LatencyCallback latencyCallback = this::latency;
    private final JackNative.ThreadInitCallback threadInitCallback = arg -> {
        // jack2 calls the buffer-size callback on this thread before this one (JackClient::Init), so
        // JNA attached it under that callback's name, "ersatz-jack-notify": named here for jstack and JFR.
        Thread.currentThread().setName(PROCESS_THREAD);
        processTid = JackNative.LibC.gettid();
    };
    private final JackNative.XrunCallback xrunCallback = arg -> {
        xruns.incrementAndGet();
        return 0;
    };
    private final JackNative.FramesCallback bufferSizeCallback = (frames, arg) -> {
        bufferSize = frames;
        requestReconfigure();
        return 0;
    };
    private final JackNative.FramesCallback sampleRateCallback = (rate, arg) -> {
        sampleRate = rate;
        requestReconfigure();
        return 0;
    };
    private final JackNative.ShutdownCallback shutdownCallback = arg -> {
        shutdownTid = JackNative.LibC.gettid(); // before the latch: whoever sees it gone can wait for this thread
        serverGone.countDown();
    };

    // Kernel ids of the threads that may still detach from the JVM after the server died (0: none seen).
    private volatile int processTid;
    private volatile int shutdownTid;

    private JackBackend(Jack jack, JackClient client, Processor processor, MidiInbox inbox, TransportListener listener,
                        FrameClock clock, MidiOutput midiOutput, int preallocatedFrames) throws JackException {
        this.jack = jack;
        this.midiOutput = midiOutput;
        this.clock = clock;
        this.transportListener = listener;
        this.client = client;
        this.processor = processor;
        this.inbox = inbox;
        this.clientHandle = JnaJackHandles.client(client);
        // First of all: a server that dies while we set up must still be noticed.
        keepAttached(shutdownCallback, "ersatz-jack-shutdown");
        JackNative.jack_on_shutdown(clientHandle, shutdownCallback, null);
        outL = client.registerPort("out_L", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
        outR = client.registerPort("out_R", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
        midiIn = client.registerPort("midi_in", JackPortType.MIDI, JackPortFlags.JackPortIsInput);
        outLHandle = JnaJackHandles.port(outL);
        outRHandle = JnaJackHandles.port(outR);
        midiInHandle = JnaJackHandles.port(midiIn);
        int inputCount = Math.min(CHANNELS, processor.inputChannels());
        ins = new JackPort[inputCount];
        inHandles = new long[inputCount];
        for (int c = 0; c < inputCount; c++) {
            ins[c] = client.registerPort(inputCount == 1 ? "in" : c == 0 ? "in_L" : "in_R", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
            inHandles[c] = JnaJackHandles.port(ins[c]);
        }
        midiOut = midiOutput == null ? null : client.registerPort("midi_out", JackPortType.MIDI, JackPortFlags.JackPortIsOutput);
        midiOutHandle = midiOut == null ? 0 : JnaJackHandles.port(midiOut);
        sampleRate = client.getSampleRate();
        bufferSize = client.getBufferSize();
        capacity = Math.max(preallocatedFrames, bufferSize);
        outputs = new float[CHANNELS][capacity];
        inputs = new float[inputCount][capacity];
        processor.configure(new AudioConfig(sampleRate, capacity, CHANNELS));
        configuredRate = sampleRate;
        linkNatives();
        // The literals of the code JACK's thread runs (our error messages) are interned here, not by
        // JACK's thread when it first asks for a top-tier compile of one of their classes' methods
        // (1,040 bytes there for this class's: StringConstants): all of this module's and the
        // engine's, JNA's classes that the cycle calls, and the processor's and callbacks' wherever
        // they come from (a test's).
        StringConstants.internCodeOf(JackBackend.class, Processor.class);
        StringConstants.intern(Pointer.class, Memory.class, processor.getClass(),
                listener == null ? null : listener.getClass(), midiOutput == null ? null : midiOutput.getClass());
        live.set(processor);
        reconfigurer = new Thread(this::reconfigureLoop, "ersatz-jack-reconfigure");
        reconfigurer.setDaemon(true);
        reconfigurer.start();
    }

    /**
     * Control thread: JNA's natives that the callbacks call through a {@link Pointer}, called once
     * here. The first call of a JNI method in a JVM links it, looking its symbol up through the class
     * loader by a name it makes as a String: on JACK's thread, that was an allocation in its first
     * periods (JFR: a String under Native.getDouble from publishTransport).
     */
    private static void linkNatives() {
        Memory m = new Memory(64);
        float[] f = new float[4];
        m.write(0, f, 0, f.length);
        m.read(0, f, 0, f.length);
        m.setMemory(0, 16, (byte) 0);
        m.setByte(0, (byte) 0);
        m.setInt(0, m.getByte(0) + m.getInt(0));
        m.setLong(0, m.getLong(0) + (long) m.getFloat(0) + (long) m.getDouble(0));
    }

    /**
     * Control thread. Opens client {@code name} (exactly that name), configures {@code processor} for
     * the server's rate and activates. {@code inbox} (nullable) carries MIDI from Java Sound devices.
     * The caller keeps the processor: {@link #close} does not shut it down, so it can be opened
     * again on a server that comes back. {@code transport} (nullable) hears JACK's transport once per
     * period, on the JACK thread (a generator's transport state, say). {@code clock} (nullable) is the
     * processor's {@link FrameClock}: each period that the processor renders, the backend publishes
     * into it where that period is in JACK's time, so events timed by a clock (OSC time tags) are
     * placed at frames.
     *
     * @throws NoJackServerException when no server is running (we never start one)
     */
    public static JackBackend open(String name, Processor processor, MidiInbox inbox, TransportListener transport, FrameClock clock)
            throws NoJackServerException, JackException {
        return open(name, processor, inbox, transport, clock, null, MAX_FRAMES);
    }

    /**
     * As {@link #open(String, Processor, MidiInbox, TransportListener, FrameClock)}, with a
     * {@code midi_out} port that carries, each period, the events {@code midiOutput} gives after the
     * processor ran (a live composer's notes), at their frames.
     */
    public static JackBackend open(String name, Processor processor, MidiInbox inbox, TransportListener transport, FrameClock clock,
                                   MidiOutput midiOutput) throws NoJackServerException, JackException {
        return open(name, processor, inbox, transport, clock, midiOutput, MAX_FRAMES);
    }

    /** As {@link #open(String, Processor, MidiInbox, TransportListener, FrameClock)} with no clock. */
    public static JackBackend open(String name, Processor processor, MidiInbox inbox, TransportListener transport)
            throws NoJackServerException, JackException {
        return open(name, processor, inbox, transport, null, null, MAX_FRAMES);
    }

    /** As {@link #open(String, Processor, MidiInbox, TransportListener, FrameClock)}, preallocating {@code preallocatedFrames} (tests). */
    static JackBackend open(String name, Processor processor, MidiInbox inbox, TransportListener transport, FrameClock clock,
                            int preallocatedFrames) throws NoJackServerException, JackException {
        return open(name, processor, inbox, transport, clock, null, preallocatedFrames);
    }

    private static JackBackend open(String name, Processor processor, MidiInbox inbox, TransportListener transport, FrameClock clock,
                                    MidiOutput midiOutput, int preallocatedFrames) throws NoJackServerException, JackException {
        JackNative.load(); // binds libjack now, on this thread, not on the audio thread
        String server = JackNative.defaultServerName();
        if (name.equals(server)) {
            // jack2 names a client's notification socket like the server's request socket
            // (/dev/shm/jack_NAME_UID_0): the client would delete the server's socket when it closes.
            throw new JackException("the client name '" + name + "' is the JACK server's name; choose another --name");
        }
        Jack jack = Jack.getInstance();
        EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
        JackClient client;
        try {
            client = jack.openClient(name, EnumSet.of(JackOptions.JackNoStartServer, JackOptions.JackUseExactName), status);
            OPENED.set(true);
        } catch (JackException e) {
            if (status.contains(JackStatus.JackServerFailed)) throw new NoJackServerException();
            // jack2 reports a taken exact name only as JackFailure|JackServerError: ask the server whether
            // the name is in use by opening a throwaway client that may be renamed.
            if (nameTaken(jack, name)) {
                throw new JackException("a JACK client named '" + name + "' is already running (choose another --name)");
            }
            if (status.contains(JackStatus.JackServerError)) throw new NoJackServerException();
            throw new JackException("JACK refused client '" + name + "' (status " + status + ")");
        }
        JackBackend backend = null;
        try {
            backend = new JackBackend(jack, client, processor, inbox, transport, clock, midiOutput, preallocatedFrames);
            backend.activate();
            if (clock != null) clock.attach(JackNative::jack_get_time);
            return backend;
        } catch (JackException | RuntimeException e) {
            boolean gone = backend != null && backend.serverGone();
            if (backend != null) backend.close();
            else client.close();
            if (gone) throw new NoJackServerException(); // it went away while we were setting up
            throw e;
        }
    }

    /**
     * Whether this process ever had a client open. libjack keeps process-wide state from a server
     * for as long as a client of it lives, and one whose server died is never closed (see
     * {@link #close}): after that, only a fresh process reliably opens on a new server.
     */
    public static boolean openedBefore() { return OPENED.get(); }

    private static boolean nameTaken(Jack jack, String name) {
        EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
        try {
            jack.openClient(name, EnumSet.of(JackOptions.JackNoStartServer), status).close();
            return status.contains(JackStatus.JackNameNotUnique);
        } catch (JackException e) {
            return false;
        }
    }

    private void activate() throws JackException {
        // Keep JNA's thread attachment across callbacks (attaching per cycle would allocate a Thread);
        // daemon, so a JVM that is exiting does not wait for JACK's thread.
        CallbackThreadInitializer attached = new CallbackThreadInitializer(true, false, PROCESS_THREAD);
        Native.setCallbackThreadInitializer(processCallback, attached);
        // The thread attaches to the JVM in its init callback, before its first cycle: attaching
        // (a Thread object, JVM bookkeeping) inside the first process callback overran a 64-frame period.
        Native.setCallbackThreadInitializer(threadInitCallback, attached);
        JackNative.jack_set_thread_init_callback(clientHandle, threadInitCallback, null);
        if (JackNative.jack_set_process_callback(clientHandle, processCallback, null) != 0) {
            throw new JackException("JACK refused the process callback");
        }
        // The notification thread's callbacks are ours, direct-mapped, and keep that thread attached:
        // with JNAJack's (and JNA's default) each call attached the thread and detached it again on
        // return, so a thread was detaching whenever a notification came, a server's death included,
        // and the JVM of a supervised child exits right then. Two of the four crash logs of issue 16
        // (item 6) are such a thread ("Thread-1", "Thread-21": JNA's per-call attachments) crashing in
        // jni_DetachCurrentThread. Attached once, a thread detaches only when it ends (awaitDetached).
        for (Callback c : new Callback[] {latencyCallback, xrunCallback, bufferSizeCallback, sampleRateCallback}) {
            keepAttached(c, "ersatz-jack-notify");
        }
        JackNative.jack_set_latency_callback(clientHandle, latencyCallback, null);
        JackNative.jack_set_xrun_callback(clientHandle, xrunCallback, null);
        JackNative.jack_set_buffer_size_callback(clientHandle, bufferSizeCallback, null);
        JackNative.jack_set_sample_rate_callback(clientHandle, sampleRateCallback, null);
        client.activate();
    }

    /** Control thread: the thread that first runs {@code callback} stays attached to the JVM (daemon) until it ends. */
    private static void keepAttached(Callback callback, String threadName) {
        Native.setCallbackThreadInitializer(callback, new CallbackThreadInitializer(true, false, threadName));
    }

    // ---- the process cycle (JACK's real-time thread) -------------------------------------------

    /** JACK real-time thread. No allocation, no locks, no logging. */
    private int process(int nframes, Pointer arg) {
        long t0 = System.nanoTime();
        if (leaving) return leave(nframes);
        busy = true;
        try {
            if (jackThread == null) {
                jackThread = Thread.currentThread();
                jackThreadId = jackThread.getId();
            }
            long left = JackNative.jack_port_get_buffer(outLHandle, nframes);
            long right = JackNative.jack_port_get_buffer(outRHandle, nframes);
            long midi = JackNative.jack_port_get_buffer(midiInHandle, nframes);
            publishTransport();
            events.clear();
            if (inbox != null) inbox.drainTo(events, 0);
            readJackMidi(midi, nframes);
            Processor p = live.get();
            float[][] outputs = this.outputs; // after live: a grown array is published before the processor returns
            if (p == null || nframes > capacity) {
                silence(left, nframes);
                silence(right, nframes);
                silentPeriods++;
            } else {
                try {
                    if (clock != null) publishClock(nframes);
                    if (inHandles.length > 0) readInputs(p, nframes);
                    p.process(events, outputs, nframes);
                    copyOut(left, outputs[0], nframes);
                    copyOut(right, outputs[1], nframes);
                    if (midiOut != null) writeMidi(nframes);
                } catch (RuntimeException e) { // never unwind into JNA; a broken processor plays silence
                    processorFailures++;
                    silence(left, nframes);
                    silence(right, nframes);
                }
            }
        } finally {
            busy = false;
        }
        long cost = System.nanoTime() - t0;
        lastCostNanos = cost;
        timings.record(cost);
        callbacks++;
        return 0;
    }

    /**
     * JACK thread, once, when closing. libjack stops a real-time client thread with pthread_cancel,
     * which may land anywhere, Java frames included, and a JVM thread that dies inside Java hangs the
     * next safepoint for good. So the thread leaves on its own: silence, and return non-zero, after
     * which libjack deactivates the client and ends the thread with pthread_exit in its own native
     * code; JNA's thread-exit hook then detaches it from the JVM. (Not Native.detach(true) here, as
     * JNAJack does: detaching on the way out and again at thread exit crashed the JVM in a test.)
     */
    private int leave(int nframes) {
        silence(JackNative.jack_port_get_buffer(outLHandle, nframes), nframes);
        silence(JackNative.jack_port_get_buffer(outRHandle, nframes), nframes);
        return 1;
    }

    private void readJackMidi(long buffer, int nframes) {
        int n = JackNative.jack_midi_get_event_count(buffer);
        long ev = Pointer.nativeValue(midiEvent);
        for (int i = 0; i < n; i++) {
            if (JackNative.jack_midi_event_get(ev, buffer, i) != 0) continue;
            int time = midiEvent.getInt(JackNative.MIDI_EVENT_TIME);
            long size = midiEvent.getLong(JackNative.MIDI_EVENT_LENGTH);
            if (size < 1 || size > 3) continue; // sysex and oversize: not ours
            Pointer.nativeValue(scratch, midiEvent.getLong(JackNative.MIDI_EVENT_BUFFER));
            int status = scratch.getByte(0) & 0xFF;
            if (status < 0x80 || status >= 0xF0) continue; // running status never occurs in JACK; system messages ignored
            int d1 = size > 1 ? scratch.getByte(1) & 0x7F : 0;
            int d2 = size > 2 ? scratch.getByte(2) & 0x7F : 0;
            events.addMidi(Math.min(Math.max(time, 0), nframes - 1), status, d1, d2);
        }
    }

    /** JACK thread: the audio inputs' buffers into the processor (its {@link Processor#input}), before it renders. */
    private void readInputs(Processor p, int nframes) {
        float[][] in = inputs;
        for (int c = 0; c < inHandles.length; c++) {
            Pointer.nativeValue(scratch, JackNative.jack_port_get_buffer(inHandles[c], nframes));
            scratch.read(0, in[c], 0, nframes);
        }
        p.input(in, nframes);
    }

    /** JACK thread: the processor's output events of this period onto midi_out (cleared each period, as JACK requires). */
    private void writeMidi(int nframes) {
        long buffer = JackNative.jack_port_get_buffer(midiOutHandle, nframes);
        JackNative.jack_midi_clear_buffer(buffer);
        EventBuffer e = midiOutput.events();
        long data = Pointer.nativeValue(midiOutData);
        for (int i = 0; i < e.size(); i++) {
            if (e.kind(i) != EventBuffer.MIDI) continue;
            int status = e.status(i);
            midiOutData.setByte(0, (byte) status);
            midiOutData.setByte(1, (byte) e.data1(i));
            midiOutData.setByte(2, (byte) e.data2(i));
            int size = (status & 0xE0) == 0xC0 ? 2 : 3; // program change and channel pressure carry one data byte
            if (JackNative.jack_midi_event_write(buffer, Math.min(e.offset(i), nframes - 1), data, size) != 0) midiOutDropped++;
        }
    }

    private void publishTransport() {
        long pos = Pointer.nativeValue(position);
        int state = JackNative.jack_transport_query(clientHandle, pos);
        int valid = position.getInt(JackNative.POSITION_VALID);
        boolean bbt = (valid & JackNative.POSITION_BBT) != 0;
        boolean rolling = state == JackNative.TRANSPORT_ROLLING;
        long frame = position.getInt(JackNative.POSITION_FRAME) & 0xFFFFFFFFL;
        // Read whole and unconditionally: the validity travels as a flag to code that the warm-up
        // compiles with both answers (a branch first taken here, when a timebase master appears,
        // would deoptimise on this thread, and a deoptimisation allocates).
        double bpm = position.getDouble(JackNative.POSITION_BEATS_PER_MINUTE);
        float beatsPerBar = position.getFloat(JackNative.POSITION_BEATS_PER_BAR);
        int bar = position.getInt(JackNative.POSITION_BAR);
        int beat = position.getInt(JackNative.POSITION_BEAT);
        int tick = position.getInt(JackNative.POSITION_TICK);
        // beat counts from 1; a master that leaves ticks_per_beat 0 gives an infinite or NaN position, refused downstream
        double barBeat = beat - 1 + tick / position.getDouble(JackNative.POSITION_TICKS_PER_BEAT);
        if (transportListener != null) transportListener.transport(frame, rolling, bbt, bpm, beatsPerBar, barBeat);
        transport.publish(rolling, frame, bbt, bpm, beatsPerBar, bar, beat);
    }

    /** JACK thread: where this period starts in JACK's time, for the processor's clock (only periods it renders). */
    private void publishClock(int nframes) {
        long base = Pointer.nativeValue(cycleTimes);
        if (JackNative.jack_get_cycle_times(clientHandle, base + JackNative.CYCLE_CURRENT_FRAMES, base + JackNative.CYCLE_CURRENT_USECS,
                base + JackNative.CYCLE_NEXT_USECS, base + JackNative.CYCLE_PERIOD_USECS) != 0) return;
        clock.publish(nframes, cycleTimes.getLong(JackNative.CYCLE_CURRENT_USECS), cycleTimes.getLong(JackNative.CYCLE_NEXT_USECS));
    }

    private void copyOut(long buffer, float[] samples, int nframes) {
        Pointer.nativeValue(scratch, buffer);
        scratch.write(0, samples, 0, nframes);
    }

    private void silence(long buffer, int nframes) {
        Pointer.nativeValue(scratch, buffer);
        scratch.setMemory(0, (long) nframes * Float.BYTES, (byte) 0);
    }

    // ---- latency (JACK notification thread) ----------------------------------------------------

    /**
     * JACK notification thread. The generator's lookahead is latency between {@code midi_in} and the
     * outputs, the input latency (resynthesis) between the audio inputs and the outputs: capture
     * latency of the outputs = the largest of midi_in's + lookahead and each input's + input latency;
     * playback latency of midi_in = that of the outputs + lookahead, of an input = that of the
     * outputs + input latency.
     */
    private void latency(int mode, Pointer arg) {
        long r = Pointer.nativeValue(latencyRange);
        int extra = lookaheadFrames;
        if (mode == JackNative.CAPTURE_LATENCY) {
            JackNative.jack_port_get_latency_range(midiInHandle, mode, r);
            shift(extra);
            int min = latencyRange.getInt(0);
            int max = latencyRange.getInt(4);
            for (long in : inHandles) {
                JackNative.jack_port_get_latency_range(in, mode, r);
                shift(inputLatencyFrames);
                min = Math.max(min, latencyRange.getInt(0));
                max = Math.max(max, latencyRange.getInt(4));
            }
            latencyRange.setInt(0, min);
            latencyRange.setInt(4, max);
            JackNative.jack_port_set_latency_range(outLHandle, mode, r);
            JackNative.jack_port_set_latency_range(outRHandle, mode, r);
        } else {
            JackNative.jack_port_get_latency_range(outLHandle, mode, r);
            int min = latencyRange.getInt(0);
            int max = latencyRange.getInt(4);
            JackNative.jack_port_get_latency_range(outRHandle, mode, r);
            latencyRange.setInt(0, Math.min(min, latencyRange.getInt(0)));
            latencyRange.setInt(4, Math.max(max, latencyRange.getInt(4)));
            int min2 = latencyRange.getInt(0);
            int max2 = latencyRange.getInt(4);
            shift(extra);
            JackNative.jack_port_set_latency_range(midiInHandle, mode, r);
            for (long in : inHandles) {
                latencyRange.setInt(0, min2 + inputLatencyFrames);
                latencyRange.setInt(4, max2 + inputLatencyFrames);
                JackNative.jack_port_set_latency_range(in, mode, r);
            }
        }
    }

    private void shift(int frames) {
        latencyRange.setInt(0, latencyRange.getInt(0) + frames);
        latencyRange.setInt(4, latencyRange.getInt(4) + frames);
    }

    /** Control thread. Reports the frames from the audio inputs to the outputs (resynthesis) as port latency to JACK. */
    public void setInputLatency(int frames) {
        if (frames < 0) throw new IllegalArgumentException("negative input latency " + frames);
        inputLatencyFrames = frames;
        JackNative.jack_recompute_total_latencies(clientHandle);
    }

    /** The input latency reported. */
    public int inputLatency() { return inputLatencyFrames; }

    /** Control thread. Reports the lookahead a generator adds (frames) as port latency to JACK. */
    public void setLookahead(int frames) {
        if (frames < 0) throw new IllegalArgumentException("negative lookahead " + frames);
        lookaheadFrames = frames;
        JackNative.jack_recompute_total_latencies(clientHandle);
    }

    public int lookahead() { return lookaheadFrames; }

    // ---- reconfiguration (control thread) ------------------------------------------------------

    private void requestReconfigure() {
        synchronized (reconfigureSignal) { reconfigureSignal.notifyAll(); }
    }

    /**
     * Control thread "ersatz-jack-reconfigure": sleeps until the rate differs from the configured one
     * or the period exceeds the buffers, then takes the processor out, reconfigures it (a larger
     * period grows the buffers to it), and swaps it back: once per change.
     */
    private void reconfigureLoop() {
        while (true) {
            int rate;
            int frames;
            synchronized (reconfigureSignal) {
                // The callbacks set the fields before they notify under this lock: no change is missed.
                while (!closed && sampleRate == configuredRate && bufferSize <= capacity) {
                    try {
                        reconfigureSignal.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) return;
                rate = sampleRate;
                frames = Math.max(capacity, bufferSize);
            }
            live.set(null);
            while (busy) Thread.onSpinWait(); // the cycle that may still hold the processor ends
            if (frames > capacity) {
                outputs = new float[CHANNELS][frames];
                inputs = new float[inHandles.length][frames];
            }
            processor.configure(new AudioConfig(rate, frames, CHANNELS));
            capacity = frames;
            configuredRate = rate;
            reconfigurations++;
            live.set(processor);
        }
    }

    /** Times the processor was reconfigured after opening (a rate change, or a period beyond the buffers). */
    long reconfigurations() { return reconfigurations; }

    // ---- control-thread API ----------------------------------------------------------------------

    /**
     * Control thread. Connects out_L and out_R to the JACK audio inputs whose full names match
     * {@code regex} (found anywhere in the name), in order: the first match gets out_L, the second
     * out_R (or out_R also goes to the first when only one matches). Returns "from -> to" lines.
     */
    public List<String> connectOutputs(String regex) throws JackException {
        String[] targets = jack.getPorts(client, regex, JackPortType.AUDIO, EnumSet.of(JackPortFlags.JackPortIsInput));
        List<String> mine = List.of(outL.getName(), outR.getName());
        List<String> inputs = new ArrayList<>();
        for (String t : targets) if (!t.startsWith(client.getName() + ":")) inputs.add(t);
        if (inputs.isEmpty()) throw new JackException("no JACK audio input port matches '" + regex + "'");
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String to = inputs.get(Math.min(i, inputs.size() - 1));
            jack.connect(client, mine.get(i), to);
            made.add(mine.get(i) + " -> " + to);
        }
        return made;
    }

    /**
     * Control thread. Asks the server to change its period to {@code frames} (it changes for every
     * client: JACK has one period). For benchmarks; the server may refuse.
     */
    public boolean requestBufferSize(int frames) {
        return JackNative.jack_set_buffer_size(clientHandle, frames) == 0;
    }

    /** The client's name as JACK knows it (ports are NAME:out_L, NAME:out_R, NAME:midi_in). */
    public String name() { return client.getName(); }

    /** Transport state published once per period; read lock-free on any thread. */
    public JackTransport transport() { return transport; }

    /** Per-period cost of the process callback, for benchmarks. */
    public CallbackTimings timings() { return timings; }

    /** Any thread. */
    public synchronized Stats stats() {
        float load = closed ? 0f : JackNative.jack_cpu_load(clientHandle);
        return new Stats(callbacks, xruns.get(), load, sampleRate, bufferSize, silentPeriods, events.dropped(),
                processorFailures, lastCostNanos);
    }

    /** The JACK process thread's id (0 before the first period), for allocation measurements. */
    public long processThreadId() { return jackThreadId; }

    /** Control thread: blocks until the server shuts the client down, or the timeout passes. */
    public boolean awaitServerGone(long timeout, TimeUnit unit) throws InterruptedException {
        return serverGone.await(timeout, unit);
    }

    public boolean serverGone() { return serverGone.getCount() == 0; }

    /**
     * Control thread, after the server died: waits (at most {@link #DETACH_MILLIS}) until the threads
     * that ran our process callback and the shutdown callback have left the process. Why: jack2 calls
     * the shutdown callback on the thread that found the server gone and then ends that thread
     * (pthread_exit), and JNA detaches a thread it keeps attached from the JVM in a pthread
     * destructor as the thread ends. A supervised child exits its JVM right after the shutdown
     * callback, so that detach could run while the JVM exits. The four crash logs of issue 16 (item
     * 6) are all a thread inside jni_DetachCurrentThread, called from JNA's native code, within 1.5 s
     * of a child's start, with the server just killed; a detach racing the exit fits them (not proven:
     * the crash has not been reproduced since). A thread gone from /proc/self/task has run all its
     * destructors. A thread libjack keeps parked stays listed: after the bound we go on, as before; it
     * never detaches then, so it cannot race the exit either.
     */
    private void awaitDetached() {
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(DETACH_MILLIS);
        int mine = JackNative.LibC.gettid();
        for (int tid : new int[] {processTid, shutdownTid}) {
            if (tid == 0 || tid == mine) continue;
            java.nio.file.Path task = java.nio.file.Path.of("/proc/self/task/" + tid);
            while (java.nio.file.Files.exists(task) && System.nanoTime() < end) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (System.getenv("ERSATZ_DEBUG") != null) {
            System.err.printf("ersatz: debug: after the server died, waited %d ms for JACK's threads (process %d %s, shutdown %d %s)%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), processTid, gone(processTid), shutdownTid, gone(shutdownTid));
        }
    }

    private static String gone(int tid) {
        return tid == 0 ? "none" : java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/task/" + tid)) ? "still there" : "gone";
    }

    /** Control thread. Deactivates and closes the client (the processor stays the caller's). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (clock != null) clock.detach(); // timed events fall back to the next block
        requestReconfigure();
        Thread t = jackThread;
        if (!serverGone() && t != null) {
            leaving = true;
            try {
                t.join(LEAVE_MILLIS); // detached from the JVM: it ran its last Java code
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // If JACK stopped calling us (a stalled server), the thread waits inside libjack, outside
        // Java, where cancelling it is harmless.
        if (serverGone()) {
            // The server died: libjack would cancel our thread on close wherever it is, Java included
            // (a JVM safepoint hangs for good when that happens, seen in a test). Leave the client to
            // the dead server; its thread stays parked in libjack. A few kB per lost server.
            awaitDetached();
            return;
        }
        client.deactivate();
        client.close();
    }
}
