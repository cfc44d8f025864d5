package dev.ersatz.bridge.osc;

import dev.ersatz.engine.preset.ContainedPath;
import dev.ersatz.engine.preset.LoadedPreset;
import dev.ersatz.engine.preset.PresetException;
import dev.ersatz.engine.render.ControlQueue;
import dev.ersatz.engine.render.FrameClock;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.PresetSession;
import dev.ersatz.engine.session.SessionException;
import dev.ersatz.engine.util.Json;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ersatz's OSC address space, on the OSC control thread:
 * <pre>
 *   /ersatz/param/ID  f|i|d      set parameter ID (clamped to its range)
 *   /ersatz/note      i i        note, velocity (0 = note off)
 *   /ersatz/preset/load s        load NAME(.json) from the preset folder
 *   /ersatz/preset/save s        save the current state as NAME(.json) in the preset folder
 *   /ersatz/program   i          program change: the N-th preset of the folder
 *   /ersatz/learn     s          arm MIDI learn for parameter ID
 *   /ersatz/query                reply /ersatz/state s (the state as JSON) to the sender
 *   /ersatz/audition  s          play the audio file PATH as it is over the output; replies /ersatz/auditioning s f
 *   /ersatz/audition/stop        stop it
 *   /ersatz/corpus/add s...      add audio files or folders to the corpus played; replies /ersatz/corpus/added i
 * </pre>
 * A request that cannot be done is answered with {@code /ersatz/error s} to the sender and
 * counted; the engine is reached only through the {@link PresetSession}.
 *
 * <p>Time tags: a note or parameter in a bundle with a time tag is queued for the instrument frame
 * at which that time falls ({@link FrameClock#frameAt}), so it sounds sample-accurately, as a JACK
 * MIDI event does. With no backend publishing the clock (no JACK: offline, tests) it applies at the
 * next block once its time has come, as before. The other requests (presets, learn, query) are done
 * when the bundle is delivered: up to {@link FrameClock#leadMicros} before its time.
 */
public final class OscControl implements OscServer.Handler {
    public static final String PREFIX = "/ersatz/";

    private final PresetSession session;
    private final FrameClock clock;
    private final InstrumentSession live;
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();

    /** @param clock the instrument's frames in time, for time-tagged notes and parameters; null places them by delivery only */
    public OscControl(PresetSession session, FrameClock clock) { this(session, clock, null); }

    /** @param live the instrument session, for audition and adding clips; null: those are refused */
    public OscControl(PresetSession session, FrameClock clock, InstrumentSession live) {
        this.session = session;
        this.clock = clock;
        this.live = live;
    }

    /** OSC control threads: a timed bundle is wanted early enough to be placed at its frame. */
    @Override
    public long leadMicros() { return clock == null ? 0 : clock.leadMicros(); }

    /** Requests refused (bad arguments, unknown parameter, refused name...). */
    public long errors() { return errors.get(); }

    /** Messages to addresses outside the address space. */
    public long unknownAddresses() { return unknown.get(); }

    @Override
    public void handle(OscPacket.Message m, long epochMicros, SocketAddress sender, OscServer server) throws IOException {
        String a = m.address();
        List<Object> args = m.args();
        try {
            if (a.startsWith(PREFIX + "param/")) {
                String id = a.substring((PREFIX + "param/").length());
                arity(args, 1, a);
                double v = number(args, 0, a);
                session.set(id, v, frameAt(epochMicros));
            } else if (a.equals(PREFIX + "note")) {
                arity(args, 2, a);
                int note = integer(args, 0, a);
                int velocity = integer(args, 1, a);
                session.note(note, velocity, frameAt(epochMicros));
            } else if (a.equals(PREFIX + "preset/load")) {
                arity(args, 1, a);
                LoadedPreset p = session.load(string(args, 0, a));
                for (String w : p.warnings()) server.send(sender, new OscPacket.Message(PREFIX + "warning", w));
                server.send(sender, new OscPacket.Message(PREFIX + "preset/loaded", p.preset().name()));
            } else if (a.equals(PREFIX + "preset/save")) {
                arity(args, 1, a);
                Path f = session.save(string(args, 0, a));
                server.send(sender, new OscPacket.Message(PREFIX + "preset/saved", f.getFileName().toString()));
            } else if (a.equals(PREFIX + "program")) {
                arity(args, 1, a);
                LoadedPreset p = session.program(integer(args, 0, a));
                if (p == null) throw new IllegalArgumentException("no preset for program " + args.get(0));
                server.send(sender, new OscPacket.Message(PREFIX + "preset/loaded", p.preset().name()));
            } else if (a.equals(PREFIX + "learn")) {
                arity(args, 1, a);
                session.learn(string(args, 0, a));
            } else if (a.equals(PREFIX + "query")) {
                Map<String, Object> state = new LinkedHashMap<>(session.state());
                Map<String, Object> osc = new LinkedHashMap<>();
                osc.put("packets", server.packets());
                osc.put("malformed", server.malformed());
                osc.put("errors", errors.get());
                osc.put("unknown", unknown.get());
                state.put("osc", osc);
                server.send(sender, new OscPacket.Message(PREFIX + "state", Json.write(state)));
            } else if (a.equals(PREFIX + "audition")) {
                arity(args, 1, a);
                String file = string(args, 0, a);
                double seconds = live().audition(Path.of(file));
                server.send(sender, new OscPacket.Message(PREFIX + "auditioning", file, (float) seconds));
            } else if (a.equals(PREFIX + "audition/stop")) {
                arity(args, 0, a);
                live().stopAudition();
            } else if (a.equals(PREFIX + "corpus/add")) {
                if (args.isEmpty()) throw new IllegalArgumentException("wants one or more files or folders");
                List<Path> files = new java.util.ArrayList<>();
                for (int i = 0; i < args.size(); i++) files.add(Path.of(string(args, i, a)));
                int clips = live().addToCorpus(files);
                server.send(sender, new OscPacket.Message(PREFIX + "corpus/added", clips));
            } else {
                unknown.incrementAndGet();
            }
        } catch (SessionException e) {
            errors.incrementAndGet();
            server.send(sender, new OscPacket.Message(PREFIX + "error", a + ": " + e.getMessage().lines().findFirst().orElse("")));
        } catch (IllegalArgumentException | PresetException | ContainedPath.Refused | IOException e) {
            errors.incrementAndGet();
            server.send(sender, new OscPacket.Message(PREFIX + "error", a + ": " + e.getMessage()));
        }
    }

    private InstrumentSession live() {
        if (live == null) throw new IllegalArgumentException("not available here (no instrument session)");
        return live;
    }

    /** The instrument frame a message timed at {@code epochMicros} applies at, or ASAP. */
    private long frameAt(long epochMicros) {
        return epochMicros == OscServer.IMMEDIATELY || clock == null ? ControlQueue.ASAP : clock.frameAt(epochMicros);
    }

    private static void arity(List<Object> args, int n, String a) {
        if (args.size() != n) throw new IllegalArgumentException("wants " + n + " argument" + (n == 1 ? "" : "s") + ", got " + args.size());
    }

    private static double number(List<Object> args, int i, String a) {
        if (args.size() <= i) throw new IllegalArgumentException("missing argument " + (i + 1));
        Object v = args.get(i);
        if (v instanceof Float || v instanceof Double || v instanceof Integer || v instanceof Long) return ((Number) v).doubleValue();
        throw new IllegalArgumentException("argument " + (i + 1) + " is not a number");
    }

    private static int integer(List<Object> args, int i, String a) {
        if (args.size() <= i) throw new IllegalArgumentException("missing argument " + (i + 1));
        Object v = args.get(i);
        if (v instanceof Integer n) return n;
        if ((v instanceof Float || v instanceof Double) && ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue())
                && Math.abs(((Number) v).doubleValue()) < 1e9) return (int) ((Number) v).doubleValue();
        throw new IllegalArgumentException("argument " + (i + 1) + " is not a whole number");
    }

    private static String string(List<Object> args, int i, String a) {
        if (args.size() <= i) throw new IllegalArgumentException("missing argument " + (i + 1));
        if (args.get(i) instanceof String s) return s;
        throw new IllegalArgumentException("argument " + (i + 1) + " is not a string");
    }
}
