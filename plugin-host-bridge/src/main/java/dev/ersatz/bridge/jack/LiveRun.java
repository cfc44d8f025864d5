package dev.ersatz.bridge.jack;

import dev.ersatz.bridge.cli.CliError;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.midi.MidiDeviceInput;
import dev.ersatz.bridge.midi.MidiInbox;
import dev.ersatz.bridge.osc.LiveControl;
import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.SessionException;
import dev.ersatz.engine.session.Sources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jaudiolibs.jnajack.JackException;

/**
 * The JACK front end: plays an {@link InstrumentSession} as a JACK client until stopped
 * (SIGINT/SIGTERM) or until the server goes away, with MIDI from JACK (and a Java Sound device),
 * OSC when asked, the status line, and with --reconnect the state kept across servers
 * ({@link RunSupervisor}). Runs on the main (control) thread; a shutdown hook closes the client on
 * a signal. {@code ersatz run} parses its arguments and calls {@link #run}.
 */
public final class LiveRun {
    public static final String SERVER_GONE = "the JACK server went away (use --reconnect to wait for it)";
    private static final long STATUS_MILLIS = 250;
    private static final long RECONNECT_MILLIS = 500;

    private LiveRun() { }

    /**
     * How the run meets JACK and the other hosts.
     *
     * @param name       the JACK client name
     * @param connect    a regular expression of JACK inputs to connect the outputs to, or null
     * @param midiDevice a Java Sound MIDI input device to take MIDI from too, or null
     * @param oscHost    the address OSC listens on
     * @param oscPort    the OSC port; -1 for none
     * @param composing  {@code --compose}, or null
     * @param statusEvery seconds between {@link StatusRecord} lines on stdout ({@code --status-every}); 0 for none
     */
    public record Options(String name, String connect, String midiDevice, String oscHost, int oscPort, Composing composing, double statusEvery) {
        /** These options under another JACK client name. */
        public Options withName(String n) { return new Options(n, connect, midiDevice, oscHost, oscPort, composing, statusEvery); }
    }

    /**
     * {@code --compose}: a MIDI model (ersatz learn-midi) played live on {@code midi_out}, its longest
     * verbatim copy bounded by {@code maxCopyNotes} (0: none), and with {@code self} into the instrument too.
     */
    public record Composing(Path model, boolean self, int maxCopyNotes) { }

    /** What {@link #run} returns when its {@link Driver} asked it to stop for another project. */
    public static final int SWITCHED = -2;

    /**
     * A front end that drives a run from outside, as a session manager does: it hears when the
     * session is open and when it plays, and can end the run to switch to another project. Every
     * method is called on the run's main (control) thread.
     */
    public interface Driver {
        /** Plain {@code ersatz run}: nothing drives it. */
        Driver NONE = new Driver() { };

        /** The session is open, before its JACK client: take back saved state here. A throw ends the run. */
        default void opened(InstrumentSession s) throws SessionException { }

        /** The JACK client {@code jackName} is active and playing. */
        default void playing(String jackName) { }

        /** Asked every status tick (4 times a second): true ends the run with {@link #SWITCHED}. */
        default boolean switching() { return false; }

        /** Asked every status tick: true ends the run, which returns 0 (a live stream whose --hours have played). */
        default boolean finished() { return false; }

        /** Asked every status tick: what the status line says after the run's own figures, or null. */
        default String status() { return null; }
    }

    /** Whether this process is a supervised child of {@code run --reconnect}. */
    public static boolean supervised() { return RunSupervisor.stateFile() != null; }

    /** {@code run --reconnect}: runs {@code ersatz run ARGS} in child processes, one per JACK server. */
    public static int supervise(List<String> runArgs) throws IOException, InterruptedException {
        return RunSupervisor.supervise(runArgs);
    }

    /**
     * Plays what {@code d} describes until stopped (130) or until the server goes away (an error,
     * or as a supervised child {@link RunSupervisor#AGAIN}). {@code what} names it in messages.
     */
    public static int run(Description d, Options o, Path what, Console io) throws Exception {
        return run(d, o, what, io, Driver.NONE);
    }

    /** {@link #run(Description, Options, Path, Console)} driven by {@code driver}; {@link #SWITCHED} when it ended the run. */
    public static int run(Description d, Options o, Path what, Console io, Driver driver) throws Exception {
        Path state = RunSupervisor.stateFile();
        MidiInbox inbox = new MidiInbox(1024);
        try (Session session = new Session(io)) {
            if (o.midiDevice() != null) {
                try {
                    session.midi = MidiDeviceInput.open(o.midiDevice(), inbox);
                } catch (IllegalArgumentException e) {
                    throw new CliError(e.getMessage());
                }
            }
            SessionPlayable playable = open(d, o.oscHost(), o.oscPort(), io);
            session.playable = playable;
            if (o.composing() != null) compose(playable.session(), o.composing(), d.seed(), io);
            session.driver = driver;
            try {
                driver.opened(playable.session());
            } catch (SessionException e) {
                throw CliError.of(e, "run");
            }
            if (state != null) {
                RunSupervisor.exitWithSupervisor(state);
                session.state = new KeptState(state, playable.session());
                session.state.resume(io);
            }
            return session.play(o.name(), o.connect(), inbox, what, o.statusEvery());
        }
    }

    /**
     * What `run` plays with no OSC and the default preset folder: the instrument over the corpus,
     * set up by the preset (or the defaults). Control thread.
     */
    static Playable instrument(Path corpus, Path preset, Console io) throws Exception {
        return open(Description.of(Sources.corpus(corpus)).withPreset(preset), "127.0.0.1", -1, io);
    }

    /** Control thread: reads the MIDI model and sets the session composing (a bad file is a one-line error). */
    static void compose(InstrumentSession s, Composing c, long seed, Console io) {
        dev.ersatz.engine.compose.MidiModel model;
        try {
            model = dev.ersatz.engine.compose.MidiModelFile.read(c.model());
        } catch (dev.ersatz.engine.compose.MidiModelException e) {
            throw new CliError(e.getMessage());
        }
        s.compose(dev.ersatz.engine.compose.LiveComposer.following(model, seed, c.maxCopyNotes(), s.instrument()), c.self());
        io.err().println("ersatz: composing from " + c.model() + " on midi_out" + (c.self() ? " and into the instrument" : "")
                + ", phrases of " + dev.ersatz.engine.compose.LiveComposer.PHRASE_BARS + " bars on the bar lines");
    }

    /** The session {@code d} describes, live, with its OSC front end on {@code oscPort} (-1 for none). */
    static SessionPlayable open(Description d, String oscHost, int oscPort, Console io) throws IOException {
        InstrumentSession s;
        try {
            s = InstrumentSession.open(d, io.reporter());
        } catch (SessionException e) {
            throw CliError.of(e, "run");
        }
        LiveControl osc = null;
        try {
            s.startLive();
            if (oscPort >= 0) {
                osc = LiveControl.start(s, oscHost, oscPort);
                io.warn("listening for OSC on " + oscHost + ":" + osc.osc().port());
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return new SessionPlayable(s, osc);
    }

    /** Everything one `run` holds; closed exactly once, by the main thread or by the shutdown hook. */
    private static final class Session implements AutoCloseable {
        private final Console io;
        private final StatusLine status;
        private final Thread hook = new Thread(this::close, "ersatz-run-shutdown");
        private volatile boolean stopping;
        private JackBackend backend;
        private MidiDeviceInput midi;
        private Playable playable;
        private KeptState state; // with --reconnect: this process is a supervised child
        private Driver driver = Driver.NONE;
        private boolean closed;

        Session(Console io) {
            this.io = io;
            this.status = new StatusLine(io.out(), io.terminal());
            Runtime.getRuntime().addShutdownHook(hook);
        }

        /**
         * Plays until stopped (130) or until the server goes away: then an error, or with --reconnect
         * (a supervised child) the state is kept and {@link RunSupervisor#AGAIN} asks for a fresh process.
         */
        int play(String name, String connect, MidiInbox inbox, Path corpus, double statusEvery) throws Exception {
            JitWarmup.run(playable.processor().inputChannels() > 0, playable.midiOutput() != null);
            JackBackend b = openWhenPossible(name, inbox);
            if (b == null) return stopping ? 130 : again();
            synchronized (this) {
                if (stopping) {
                    b.close();
                    return 130;
                }
                backend = b;
            }
            b.setLookahead(playable.lookaheadFrames());
            if (playable.followRate(b.stats().sampleRate())) {
                io.err().printf("ersatz: described the corpus again at JACK's %d Hz for resynthesis%n", b.stats().sampleRate());
            }
            int inputLatency = playable.inputLatencyFrames(b.stats().bufferSize());
            if (inputLatency > 0) {
                b.setInputLatency(inputLatency);
                io.err().printf("ersatz: resynthesizing in_L/in_R, %d frames late (%.1f ms: a unit's description and a period)%n",
                        inputLatency, 1000.0 * inputLatency / b.stats().sampleRate());
            }
            if (connect != null) for (String line : b.connectOutputs(connect)) io.err().println("ersatz: connected " + line);
            JackBackend.Stats s = b.stats();
            io.err().printf("ersatz: playing %s as JACK client '%s' (%d Hz, %d frames); Ctrl-C stops%n",
                    corpus, b.name(), s.sampleRate(), s.bufferSize());
            driver.playing(b.name());
            boolean switching = false;
            boolean finished = false;
            JackTransport.Snapshot transport = new JackTransport.Snapshot();
            StatusRecord record = statusEvery > 0 ? StatusRecord.start() : null;
            long nextRecord = System.nanoTime();
            while (!stopping && !(switching = driver.switching()) && !(finished = driver.finished())
                    && !b.awaitServerGone(STATUS_MILLIS, TimeUnit.MILLISECONDS)) {
                if (record != null && System.nanoTime() - nextRecord >= 0) {
                    nextRecord += (long) (statusEvery * 1e9);
                    status.clear();
                    io.out().println(record.format(b, playable));
                    io.out().flush();
                }
                String more = driver.status();
                status.draw(StatusLine.format(b.name(), b.stats(), playable, b.transport().read(transport)) + (more == null ? "" : "  " + more));
            }
            if (stopping) return 130;
            if (finished) {
                status.clear();
                return 0; // closing the session (try-with-resources) closes the client
            }
            if (switching) {
                status.clear();
                return SWITCHED; // closing the session (try-with-resources) closes the client
            }
            status.clear();
            synchronized (this) {
                backend = null;
                b.close();
            }
            if (state == null) throw new CliError(SERVER_GONE);
            return again();
        }

        /** The server went away under a supervised child: keep the state and ask for a fresh process. */
        private int again() {
            io.warn("the JACK server went away; waiting for it to come back (--reconnect)");
            state.keep(io);
            return RunSupervisor.AGAIN;
        }

        /**
         * Opens the client; with --reconnect, retries until a server is there. Null when stopped
         * meanwhile, or when a server died after this process had opened a client on it: libjack's
         * state from that server stays in the process, so a fresh process takes over.
         */
        private JackBackend openWhenPossible(String name, MidiInbox inbox) throws Exception {
            boolean said = state != null && state.resumed();
            while (!stopping) {
                try {
                    return JackBackend.open(name, playable.processor(), inbox, playable.transportListener(), playable.frameClock(),
                            playable.midiOutput());
                } catch (NoJackServerException e) {
                    if (state == null) throw new CliError(e.getMessage());
                    if (JackBackend.openedBefore()) return null;
                    if (!said) io.warn(e.getMessage() + "; waiting for one (--reconnect)");
                    said = true;
                    Thread.sleep(RECONNECT_MILLIS);
                } catch (JackException e) {
                    // a name clash stays a name clash; a server coming up half-way may refuse once
                    if (state == null || e.getMessage() != null && e.getMessage().contains("already running")) {
                        throw new CliError(e.getMessage() == null ? "JACK refused the client" : e.getMessage());
                    }
                    if (JackBackend.openedBefore()) return null;
                    Thread.sleep(RECONNECT_MILLIS);
                }
            }
            return null;
        }

        /** Main thread at the end, or the shutdown hook on SIGINT/SIGTERM: client first, then the rest. */
        @Override
        public void close() {
            stopping = true;
            synchronized (this) {
                if (closed) return;
                closed = true;
                status.clear();
                if (backend != null) backend.close();
                if (midi != null) midi.close();
                if (playable != null) playable.close();
            }
            if (Thread.currentThread() != hook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down: the hook is running or will find us closed
                }
            }
        }
    }

    /**
     * What a supervised child keeps across a lost server: the session's state (parameters as
     * playing, MIDI learn, the preset file), in the file the supervisor named. Control thread.
     */
    private static final class KeptState {
        private final Path file;
        private final InstrumentSession session;
        private boolean resumed;

        KeptState(Path file, InstrumentSession session) {
            this.file = file;
            this.session = session;
        }

        /** Takes back what the previous process kept, if it kept anything. */
        void resume(Console io) {
            try {
                resumed = session.resume(file);
            } catch (SessionException e) {
                resumed = true;
                io.warn(file + ": cannot take back the state from before the server went away (" + e.getMessage() + "); starting afresh");
            }
        }

        boolean resumed() { return resumed; }

        /** Writes the state atomically (a crash mid-write leaves the last whole one). */
        void keep(Console io) {
            try {
                session.keep(file);
            } catch (IOException e) {
                io.warn(file + ": cannot keep the state (" + e.getMessage() + "); the next connection starts afresh");
            }
        }
    }
}
