package dev.ersatz.bridge.nsm;

import dev.ersatz.bridge.cli.CliError;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.jack.LiveRun;
import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.SessionException;
import dev.ersatz.engine.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * {@code ersatz run} under a session manager ({@code NSM_URL} set): announces itself, opens its
 * JACK client only when the server sends {@code /nsm/client/open} (named by the client id it gives,
 * playing the project in the path it gives, {@link NsmProject}), saves on {@code /nsm/client/save}
 * (atomically), reports dirty and clean as knobs move and saves happen, and switches to another
 * project on a later {@code open} without restarting (the JACK client is closed and opened again
 * under the new id, as the API asks). SIGTERM quits at once, as always. The main thread runs the
 * projects; the server's requests arrive on the NSM thread.
 */
public final class NsmRun {
    static final String OPEN = "/nsm/client/open";
    static final String SAVE = "/nsm/client/save";
    /** How long the server has to answer the announce before Ersatz runs without it, as the API allows. */
    static final long ANNOUNCE_MILLIS = 5000;
    /** How often a playing project compares what plays with what was saved. */
    static final long DIRTY_MILLIS = 250;

    private record Open(String path, String displayName, String clientId) { }

    private final Console io;
    private final BlockingQueue<Open> opens = new LinkedBlockingQueue<>();
    private volatile Project current;
    private NsmClient nsm;

    private NsmRun(Console io) { this.io = io; }

    /** Runs {@code base} (the command line's sources, preset and seed) under the server at {@code url}. Main thread. */
    public static int run(String url, Description base, LiveRun.Options o, Console io) throws Exception {
        return new NsmRun(io).serve(url, base, o);
    }

    private int serve(String url, Description base, LiveRun.Options o) throws Exception {
        try {
            nsm = NsmClient.announce(url, "Ersatz", "ersatz", new Handler());
        } catch (IllegalArgumentException e) {
            throw CliError.usage(e.getMessage());
        }
        try (NsmClient c = nsm) {
            NsmClient.Welcome w;
            try {
                w = c.awaitWelcome(ANNOUNCE_MILLIS);
            } catch (NsmException refused) {
                throw new CliError(refused.getMessage());
            }
            if (w == null) {
                String none = "no session manager answered at " + c.server() + " within " + ANNOUNCE_MILLIS + " ms";
                if (base.sources().isEmpty()) throw new CliError(none + "; and without one, run needs --corpus DIR or --model MODEL");
                io.warn(none + "; running without session management");
                return LiveRun.run(base, o, base.sources().model() != null ? base.sources().model() : base.sources().corpus().get(0), io);
            }
            io.warn("under session management by " + (w.server().isEmpty() ? "the session manager" : w.server()) + "; waiting for it to open a project");
            while (true) {
                Open req = opens.take();
                NsmProject p;
                try {
                    p = NsmProject.openOrCreate(Path.of(req.path()), base.sources());
                } catch (NsmException e) {
                    refuse(e.code(), e.getMessage());
                    continue;
                }
                Project project = new Project(p);
                int code;
                try {
                    code = LiveRun.run(p.describe(base), o.withName(req.clientId()), p.dir(), io, project);
                } catch (CliError e) {
                    if (!project.answered) {
                        refuse(project.failure, e.getMessage());
                        continue;
                    }
                    c.message(3, e.getMessage());
                    throw e;
                } finally {
                    project.stop();
                }
                if (code != LiveRun.SWITCHED) return code;
                io.warn("switching to another project");
            }
        }
    }

    /** The open failed: the server hears why (its error code), and so does the terminal; the next open may do better. */
    private void refuse(int code, String message) {
        nsm.error(OPEN, code, message);
        io.warn(message);
    }

    /** The server's requests, on the NSM thread. */
    private final class Handler implements NsmClient.Handler {
        @Override
        public void open(String path, String displayName, String clientId) {
            if (path.isBlank() || clientId.isBlank() || clientId.contains(":")) {
                nsm.error(OPEN, NsmClient.ERR_GENERAL, "open wants a project path and a client id without ':' (got '" + path + "', '" + clientId + "')");
                return;
            }
            opens.add(new Open(path, displayName, clientId));
        }

        @Override
        public void save() {
            Project p = current;
            if (p == null) nsm.error(SAVE, NsmClient.ERR_NOT_NOW, "no project is playing yet");
            else p.save();
        }
    }

    /** One project while it plays: the run's driver on the main thread, saves and dirtiness on others. */
    private final class Project implements LiveRun.Driver {
        private final NsmProject project;
        private volatile InstrumentSession session;
        private volatile String saved;
        private volatile boolean dirty;
        private volatile boolean answered;
        private volatile int failure = NsmClient.ERR_GENERAL;
        private Thread watcher;

        Project(NsmProject project) { this.project = project; }

        @Override
        public void opened(InstrumentSession s) throws SessionException {
            session = s;
            try {
                s.resume(project.stateFile());
            } catch (SessionException e) {
                failure = NsmClient.ERR_BAD_PROJECT;
                throw new SessionException(project.stateFile() + ": " + e.getMessage(), false, e);
            }
            saved = state(s);
        }

        @Override
        public void playing(String jackName) {
            answered = true;
            current = this;
            nsm.reply(OPEN, "Ersatz plays " + project.dir() + " as JACK client " + jackName);
            nsm.dirty(false);
            watcher = new Thread(this::watch, "ersatz-nsm-dirty");
            watcher.setDaemon(true);
            watcher.start();
        }

        @Override
        public boolean switching() { return !opens.isEmpty(); }

        /** NSM thread: writes the state atomically (a crash mid-save leaves the last whole one). */
        synchronized void save() {
            InstrumentSession s = session;
            try {
                String text = state(s);
                if (!Files.isDirectory(project.dir())) Files.createDirectories(project.dir());
                s.keep(project.stateFile());
                saved = text;
                nsm.reply(SAVE, "saved " + project.stateFile());
                markDirty(false);
            } catch (IOException | RuntimeException e) {
                String why = project.stateFile() + ": cannot save (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
                nsm.error(SAVE, NsmClient.ERR_GENERAL, why);
                io.warn(why);
            }
        }

        /** Dirty thread: what plays (knobs moved by MIDI or OSC, a preset loaded, MIDI learn) against what was saved. */
        private void watch() {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(DIRTY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                InstrumentSession s = session;
                if (s == null) return;
                synchronized (this) {
                    markDirty(!state(s).equals(saved));
                }
            }
        }

        private void markDirty(boolean d) {
            if (d == dirty) return;
            dirty = d;
            nsm.dirty(d);
        }

        /** Main thread, when the run ends: no more saves or dirtiness for this project. */
        void stop() {
            if (current == this) current = null;
            session = null;
            if (watcher != null) watcher.interrupt();
        }
    }

    private static String state(InstrumentSession s) { return Json.pretty(s.control().state()); }
}
