package dev.ersatz.bridge.jack;

import dev.ersatz.bridge.cli.Args;
import dev.ersatz.bridge.cli.CliError;
import dev.ersatz.bridge.cli.Command;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.midi.MidiDeviceInput;
import dev.ersatz.bridge.midi.MidiInbox;
import dev.ersatz.bridge.osc.LiveControl;
import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.SessionException;
import dev.ersatz.engine.session.Sources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jaudiolibs.jnajack.JackException;

/**
 * {@code ersatz run}: plays a corpus live as a JACK client until stopped (SIGINT/SIGTERM) or until the
 * server goes away. Runs on the main (control) thread; a shutdown hook closes the client on a signal.
 */
public final class RunCommand implements Command {
    static final String SERVER_GONE = "the JACK server went away (use --reconnect to wait for it)";
    private static final long STATUS_MILLIS = 250;
    private static final long RECONNECT_MILLIS = 500;

    @Override public String name() { return "run"; }

    @Override public String summary() { return "play a corpus or a trained model live as a JACK client (MIDI in, stereo out)"; }

    @Override
    public String usage() {
        return """
                usage: ersatz run --corpus DIR [OPTIONS]
                       ersatz run --model MODEL [OPTIONS]

                Plays the audio files in DIR (or a model made by ersatz train) live as a JACK client
                with ports NAME:out_L, NAME:out_R (audio) and NAME:midi_in (JACK MIDI). Needs a running
                JACK server (JACK_DEFAULT_SERVER picks one by name); never starts one. Stop with Ctrl-C.

                options:
                  --corpus DIR          the samples to play
                  --model MODEL         play a model made by ersatz train instead (mod wheel: temperature)
                  --max-copy-ms MS      with a model: the longest stretch of its corpus it may follow verbatim
                  --preset FILE         a preset to start from
                  --name NAME           the JACK client name (default ersatz)
                  --connect REGEX       connect out_L, out_R to the JACK audio inputs matching REGEX, e.g. system:playback
                  --midi-device NAME    also take MIDI from this Java Sound input device
                  --reconnect           when the JACK server goes away, wait for it and come back as you left it
                  --presets DIR         the preset folder for program change and OSC load/save (default: the preset's folder, or ./presets)
                  --osc-port PORT       listen for OSC control on this UDP port (see docs/manual/midi-osc.md)
                  --osc-host HOST       the address OSC listens on (default 127.0.0.1: this machine only)
                  --seed N              random seed of the generators (default 1)
                """;
    }

    @Override
    public int run(Args args, Console io) throws Exception {
        Path corpus = args.path("--corpus");
        Path model = args.path("--model");
        double maxCopyMs = args.number("--max-copy-ms", 0, 0, 1e9);
        Path preset = args.path("--preset");
        String name = args.string("--name", "ersatz");
        String connect = args.string("--connect");
        String midiDevice = args.string("--midi-device");
        boolean reconnect = args.flag("--reconnect");
        Path presets = args.path("--presets");
        int oscPort = args.string("--osc-port") == null ? -1 : args.integer("--osc-port", 0, 0, 65535);
        String oscHost = args.string("--osc-host", "127.0.0.1");
        long seed = args.longInteger("--seed", 1);
        args.done(0, 0);
        if (corpus != null && model != null) throw CliError.usage("run: give --corpus or --model, not both");
        if (model == null && args.string("--max-copy-ms") != null) throw CliError.usage("run: --max-copy-ms is for a model");
        if (corpus == null && preset == null && model == null) throw CliError.usage("run: --corpus DIR (or --model MODEL) is required (see ersatz run --help)");
        if (model != null && !Files.isRegularFile(model)) throw new CliError(model + ": no such file");
        if (corpus != null && !Files.isDirectory(corpus)) throw new CliError(corpus + ": not a directory");
        if (preset != null && !Files.isRegularFile(preset)) throw new CliError(preset + ": no such file");
        if (name.isBlank() || name.contains(":")) throw CliError.usage("run: --name wants a JACK client name without ':', not '" + name + "'");
        if (connect != null) {
            try {
                Pattern.compile(connect);
            } catch (PatternSyntaxException e) {
                throw CliError.usage("run: --connect wants a regular expression: " + e.getDescription() + " in '" + connect + "'");
            }
        }
        Path state = RunSupervisor.stateFile();
        if (reconnect && state == null) return RunSupervisor.supervise(args.tokens());
        MidiInbox inbox = new MidiInbox(1024);
        try (Session session = new Session(io)) {
            if (midiDevice != null) {
                try {
                    session.midi = MidiDeviceInput.open(midiDevice, inbox);
                } catch (IllegalArgumentException e) {
                    throw new CliError(e.getMessage());
                }
            }
            Description d = Description.of(new Sources(corpus == null ? List.of() : List.of(corpus), model))
                    .withPreset(preset).withPresetFolder(presets).withSeed(seed).withMaxCopyMs(maxCopyMs);
            SessionPlayable playable = open(d, oscHost, oscPort, io);
            session.playable = playable;
            if (state != null) {
                RunSupervisor.exitWithSupervisor(state);
                session.state = new KeptState(state, playable.session());
                session.state.resume(io);
            }
            return session.play(name, connect, inbox, model != null ? model : corpus == null ? preset : corpus);
        }
    }

    /**
     * What `run` plays with no OSC and the default preset folder: the instrument over the corpus,
     * set up by the preset (or the defaults). Control thread.
     */
    static Playable instrument(Path corpus, Path preset, Console io) throws Exception {
        return open(Description.of(Sources.corpus(corpus)).withPreset(preset), "127.0.0.1", -1, io);
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
        int play(String name, String connect, MidiInbox inbox, Path corpus) throws Exception {
            JitWarmup.run();
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
            if (connect != null) for (String line : b.connectOutputs(connect)) io.err().println("ersatz: connected " + line);
            JackBackend.Stats s = b.stats();
            io.err().printf("ersatz: playing %s as JACK client '%s' (%d Hz, %d frames); Ctrl-C stops%n",
                    corpus, b.name(), s.sampleRate(), s.bufferSize());
            while (!stopping && !b.awaitServerGone(STATUS_MILLIS, TimeUnit.MILLISECONDS)) {
                status.draw(StatusLine.format(b.name(), b.stats(), playable));
            }
            if (stopping) return 130;
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
                    return JackBackend.open(name, playable.processor(), inbox, playable.transportListener());
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
