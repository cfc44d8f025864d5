package dev.ersatz.bridge.jack;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few libjack functions the process cycle calls, direct-mapped with {@code long} handles.
 *
 * <p>Why not JNAJack's own: its process wrapper calls {@code jack_port_get_buffer} declared to return a
 * JNA {@code Pointer}, so every port allocates a new Pointer each cycle, and {@code JackMidi.eventGet}
 * passes a JNA {@code Structure}, which reads its fields reflectively and allocates. A direct mapping
 * whose arguments and results are primitives is a plain JNI call: nothing on the Java heap. Handles
 * are native addresses as {@code long}, which is why this class refuses to load on a 32-bit JVM.
 *
 * <p>Also here: what JNAJack 1.4.0 does not expose at all (CPU load, latency ranges and the latency
 * callback). Every method is safe to call from the thread named on it.
 */
final class JackNative {
    static {
        if (Native.POINTER_SIZE != 8) throw new UnsatisfiedLinkError("Ersatz's JACK client needs a 64-bit JVM");
        Native.register(JackNative.class, "jack");
    }

    private JackNative() { }

    /**
     * libjack prints its own diagnostics to stderr ("Cannot connect to server socket ..."), which
     * would bury our one-line messages; we print them only with ERSATZ_DEBUG set.
     */
    private static final MessageCallback QUIET = message -> {
        if (System.getenv("ERSATZ_DEBUG") != null && message != null) System.err.println("jack: " + message.getString(0));
    };

    /** Control thread: binds libjack (the static initializer) before any real-time use, and quiets it. */
    static synchronized void load() {
        jack_set_error_function(QUIET);
        jack_set_info_function(QUIET);
    }

    /** jack_nframes_t time; size_t size; jack_midi_data_t *buffer (64-bit layout). */
    static final int MIDI_EVENT_SIZE = 24;
    static final int MIDI_EVENT_TIME = 0;
    static final int MIDI_EVENT_LENGTH = 8;
    static final int MIDI_EVENT_BUFFER = 16;

    /** The out-parameters of jack_get_cycle_times, at these offsets of one block. */
    static final int CYCLE_TIMES_SIZE = 32;
    static final int CYCLE_CURRENT_FRAMES = 0;
    static final int CYCLE_CURRENT_USECS = 8;
    static final int CYCLE_NEXT_USECS = 16;
    static final int CYCLE_PERIOD_USECS = 24;

    /** jack_position_t (packed): the offsets of the fields we read; the struct is 136 bytes in jack2. */
    static final int POSITION_SIZE = 256;
    static final int POSITION_FRAME_RATE = 16;
    static final int POSITION_FRAME = 20;
    static final int POSITION_VALID = 24;
    static final int POSITION_BAR = 28;
    static final int POSITION_BEAT = 32;
    static final int POSITION_TICK = 36;
    static final int POSITION_BEATS_PER_BAR = 48;
    static final int POSITION_TICKS_PER_BEAT = 56;
    static final int POSITION_BEATS_PER_MINUTE = 64;
    static final int POSITION_BBT = 0x10;

    static final int TRANSPORT_ROLLING = 1;

    /** jack_latency_callback_mode_t */
    static final int CAPTURE_LATENCY = 0;
    static final int PLAYBACK_LATENCY = 1;

    /** JACK process callback; runs on JACK's real-time thread. {@code arg} is always null (we pass 0). */
    interface ProcessCallback extends Callback {
        int invoke(int nframes, Pointer arg);
    }

    /** JACK thread-init callback; runs on the real-time thread once, before its first process callback. */
    interface ThreadInitCallback extends Callback {
        void invoke(Pointer arg);
    }

    /** JACK latency callback; runs on JACK's notification thread. */
    interface LatencyCallback extends Callback {
        void invoke(int mode, Pointer arg);
    }

    /** JACK xrun callback; runs on JACK's notification thread. */
    interface XrunCallback extends Callback {
        int invoke(Pointer arg);
    }

    /** JACK buffer-size and sample-rate callbacks; run on JACK's notification thread. */
    interface FramesCallback extends Callback {
        int invoke(int frames, Pointer arg);
    }

    /** JACK shutdown callback; runs on whichever libjack thread found the server gone. */
    interface ShutdownCallback extends Callback {
        void invoke(Pointer arg);
    }

    /** libjack's error/info printer; runs on whichever thread libjack reports from. */
    interface MessageCallback extends Callback {
        void invoke(Pointer message);
    }

    /** The C environment, which is where libjack reads JACK_DEFAULT_SERVER (Java's copy may differ). */
    static final class LibC {
        static {
            Native.register(LibC.class, "c");
        }

        private LibC() { }

        static native String getenv(String name);

        /** The calling thread's kernel id (glibc 2.30+): a name for it under /proc/self/task. */
        static native int gettid();
    }

    /** Control thread: the server name libjack will use for a new client. */
    static String defaultServerName() {
        String s = LibC.getenv("JACK_DEFAULT_SERVER");
        return s == null || s.isEmpty() ? "default" : s;
    }

    // control thread, before any client is opened
    static native void jack_set_error_function(MessageCallback callback);
    static native void jack_set_info_function(MessageCallback callback);

    // control thread, before activation
    static native int jack_set_process_callback(long client, ProcessCallback callback, Pointer arg);
    static native int jack_set_latency_callback(long client, LatencyCallback callback, Pointer arg);
    static native int jack_set_thread_init_callback(long client, ThreadInitCallback callback, Pointer arg);
    static native int jack_set_xrun_callback(long client, XrunCallback callback, Pointer arg);
    static native int jack_set_buffer_size_callback(long client, FramesCallback callback, Pointer arg);
    static native int jack_set_sample_rate_callback(long client, FramesCallback callback, Pointer arg);
    static native void jack_on_shutdown(long client, ShutdownCallback callback, Pointer arg);

    // process thread
    static native long jack_port_get_buffer(long port, int nframes);
    static native int jack_midi_get_event_count(long portBuffer);
    static native int jack_midi_event_get(long event, long portBuffer, int index);
    static native void jack_midi_clear_buffer(long portBuffer);
    static native int jack_midi_event_write(long portBuffer, int time, long data, long size);
    static native int jack_transport_query(long client, long position);
    /** jack_nframes_t *current_frames, jack_time_t *current_usecs, *next_usecs, float *period_usecs. */
    static native int jack_get_cycle_times(long client, long currentFrames, long currentUsecs, long nextUsecs, long periodUsecs);

    /** Any thread: JACK's clock (µs), the one jack_get_cycle_times reports in. */
    static native long jack_get_time();

    // any thread
    static native float jack_cpu_load(long client);

    // control thread: asks the server for a new period size (every client's, not just ours)
    static native int jack_set_buffer_size(long client, int nframes);

    // notification thread (latency callback) or control thread
    static native void jack_port_get_latency_range(long port, int mode, long range);
    static native void jack_port_set_latency_range(long port, int mode, long range);
    static native int jack_recompute_total_latencies(long client);
}
