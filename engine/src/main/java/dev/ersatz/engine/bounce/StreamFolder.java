package dev.ersatz.engine.bounce;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.util.AtomicText;
import dev.ersatz.engine.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The folder an endless stream is written to: {@code stream-000000.wav}, {@code stream-000001.wav},
 * ... (each whole: written beside its name and renamed, {@link WavWriter}), {@code playlist.m3u}
 * listing them in order, and {@code stream.json} saying what plays (the settings) and how many files
 * are done. Each file is written first, then the playlist and the state, each atomically: a stream
 * killed at any moment resumes by writing again the file it was on, which comes out the same, since
 * the render is deterministic. A folder holding a stream of other settings is refused, so a resume
 * never splices two different streams. Control thread.
 */
public final class StreamFolder {
    public static final String FORMAT = "ersatz-stream";
    public static final int VERSION = 1;
    public static final String STATE = "stream.json";
    public static final String PLAYLIST = "playlist.m3u";

    /** A stream folder that cannot be used. One line, "DIR: reason". */
    public static final class StreamException extends Exception {
        public StreamException(Path dir, String reason) { super(dir + ": " + reason); }
    }

    private final Path dir;
    private final Map<String, Object> settings;
    private final SampleFormat format;
    private final double fileSeconds;
    private long done;

    private StreamFolder(Path dir, Map<String, Object> settings, SampleFormat format, double fileSeconds, long done) {
        this.dir = dir;
        this.settings = settings;
        this.format = format;
        this.fileSeconds = fileSeconds;
        this.done = done;
    }

    /**
     * Opens (creating it if need be) the stream folder for {@code settings} (plain JSON values: what
     * decides the samples). A folder with a state of the same settings resumes after its last file.
     */
    public static StreamFolder open(Path dir, Map<String, Object> settings, SampleFormat format, double fileSeconds) throws StreamException {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) throw new StreamException(dir, "is a file; -o wants a folder for the stream");
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StreamException(dir, "cannot create the folder: " + e.getMessage());
        }
        Path state = dir.resolve(STATE);
        long done = 0;
        if (Files.exists(state)) {
            Object doc;
            try {
                doc = Json.parse(Files.readAllBytes(state));
            } catch (IOException e) {
                throw new StreamException(dir, "cannot read " + STATE + ": " + e.getMessage());
            } catch (Json.ParseException e) {
                throw new StreamException(dir, STATE + " is not a stream's state (" + e.getMessage() + ")");
            }
            if (!(doc instanceof Map<?, ?> m) || !FORMAT.equals(m.get("format")) || !(m.get("files") instanceof Long files) || files < 0) {
                throw new StreamException(dir, STATE + " is not a stream's state");
            }
            if (!Long.valueOf(VERSION).equals(m.get("version"))) throw new StreamException(dir, STATE + " is of version " + m.get("version") + ", this ersatz writes " + VERSION);
            Object was = m.get("settings");
            Map<String, Object> now = normalised(settings);
            if (!now.equals(was)) {
                throw new StreamException(dir, "holds a stream of other settings (" + difference(was, now) + "); use another folder, or the same options to resume it");
            }
            done = files;
            // A file the state counts must be there; one missing means the folder was tampered with.
            for (long i = 0; i < done; i++) {
                if (!Files.isRegularFile(dir.resolve(name(i)))) throw new StreamException(dir, name(i) + " is missing; the stream cannot resume gaplessly");
            }
        }
        return new StreamFolder(dir, normalised(settings), format, fileSeconds, done);
    }

    /** The settings as they read back from JSON (Long, Double, List, Map), so a resume compares like with like. */
    private static Map<String, Object> normalised(Map<String, Object> settings) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) Json.parse(Json.write(settings));
            return m;
        } catch (Json.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String difference(Object was, Map<String, Object> now) {
        if (!(was instanceof Map<?, ?> w)) return "no settings recorded";
        for (var e : now.entrySet()) {
            if (!java.util.Objects.equals(w.get(e.getKey()), e.getValue())) return e.getKey() + " " + Json.write(w.get(e.getKey())) + ", not " + Json.write(e.getValue());
        }
        return "settings " + Json.write(w.keySet()) + ", not " + Json.write(now.keySet());
    }

    public static String name(long index) { return String.format(Locale.ROOT, "stream-%06d.wav", index); }

    /** Files already written (by this run or the one it resumes). */
    public long done() { return done; }

    public Path dir() { return dir; }

    /** Writes file {@code index} (which must be the next one), then the playlist and the state. */
    public Path write(long index, AudioData audio) throws AudioFileException, StreamException {
        if (index != done) throw new IllegalStateException("file " + index + " after " + done);
        Path f = dir.resolve(name(index));
        WavWriter.write(f, audio, format);
        done = index + 1;
        StringBuilder m3u = new StringBuilder("#EXTM3U\n");
        for (long i = 0; i < done; i++) m3u.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%s%n%s%n", fileSeconds, name(i), name(i)));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("format", FORMAT);
        state.put("version", VERSION);
        state.put("files", done);
        state.put("fileSeconds", fileSeconds);
        state.put("settings", settings);
        try {
            AtomicText.write(dir.resolve(PLAYLIST), m3u.toString());
            AtomicText.write(dir.resolve(STATE), Json.pretty(state));
        } catch (IOException e) {
            throw new StreamException(dir, "cannot write the playlist or state: " + e.getMessage());
        }
        return f;
    }
}
