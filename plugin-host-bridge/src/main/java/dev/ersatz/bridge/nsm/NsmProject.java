package dev.ersatz.bridge.nsm;

import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.Sources;
import dev.ersatz.engine.util.AtomicText;
import dev.ersatz.engine.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Ersatz project in the folder a session manager assigns ({@code path_to_instance_specific_project},
 * used as a directory). Everything the run needs is in it: {@value #FILE} names the sources, which
 * are symbolic links inside the folder (the API's rule for external files, so {@code tar -h}
 * archives a session whole): {@code corpus} (then {@code corpus-2}, ...) to the corpus folders,
 * {@code model.ersatz} to the model; {@value #STATE} holds what plays (the preset with every
 * parameter as playing, MIDI learn, the preset file), and {@code models/} the models that model
 * presets train. Control threads.
 */
public final class NsmProject {
    public static final String FILE = "ersatz-project.json";
    public static final String STATE = "state.json";
    private static final int VERSION = 1;

    private final Path dir;
    private final Sources sources;

    private NsmProject(Path dir, Sources sources) {
        this.dir = dir;
        this.sources = sources;
    }

    public Path dir() { return dir; }

    /** The sources, through the project's own links. */
    public Sources sources() { return sources; }

    /** Where the session's state is saved and taken back from. */
    public Path stateFile() { return dir.resolve(STATE); }

    /** {@code base} playing this project: its sources, its model cache. */
    public Description describe(Description base) {
        return new Description(sources, base.preset(), base.presetFolder(), base.overrides(), base.seed(), base.rate(),
                base.maxCopyMs(), dir.resolve("models"), base.kind());
    }

    /**
     * Opens the project at {@code path}, or creates it there with {@code fresh} (the sources the
     * command line gave) when there is none: what the API asks of {@code /nsm/client/open}.
     *
     * @throws NsmException ERR_BAD_PROJECT when the project is damaged (its file, a link broken),
     *                      ERR_CREATE_FAILED when a new one cannot be made (no sources, a folder that cannot be written)
     */
    public static NsmProject openOrCreate(Path path, Sources fresh) throws NsmException {
        Path dir = path.toAbsolutePath().normalize();
        if (Files.isRegularFile(dir.resolve(FILE))) return open(dir);
        if (fresh.isEmpty()) {
            throw new NsmException(NsmClient.ERR_CREATE_FAILED, dir + ": a new Ersatz project needs a corpus or a model:"
                    + " add the client as 'ersatz run --corpus DIR' (or --model MODEL)");
        }
        try {
            Files.createDirectories(dir);
            List<String> corpus = new ArrayList<>();
            for (Path c : fresh.corpus()) {
                String link = corpus.isEmpty() ? "corpus" : "corpus-" + (corpus.size() + 1);
                link(dir.resolve(link), c);
                corpus.add(link);
            }
            String model = null;
            if (fresh.model() != null) {
                model = "model.ersatz";
                link(dir.resolve(model), fresh.model());
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ersatz_project", VERSION);
            m.put("corpus", corpus);
            m.put("model", model);
            AtomicText.write(dir.resolve(FILE), Json.pretty(m));
        } catch (IOException | UnsupportedOperationException e) {
            throw new NsmException(NsmClient.ERR_CREATE_FAILED, dir + ": cannot create the project (" + reason(e) + ")", e);
        }
        return open(dir);
    }

    private static NsmProject open(Path dir) throws NsmException {
        Path file = dir.resolve(FILE);
        Object parsed;
        try {
            parsed = Json.parse(Files.readString(file));
        } catch (IOException | Json.ParseException e) {
            throw new NsmException(NsmClient.ERR_BAD_PROJECT, file + ": " + reason(e), e);
        }
        if (!(parsed instanceof Map<?, ?> m) || !(m.get("ersatz_project") instanceof Number)) {
            throw new NsmException(NsmClient.ERR_BAD_PROJECT, file + ": not an Ersatz project (no \"ersatz_project\" version)");
        }
        List<Path> corpus = new ArrayList<>();
        if (m.get("corpus") instanceof List<?> l) {
            for (Object o : l) corpus.add(source(dir, file, o, true));
        } else if (m.get("corpus") != null) {
            throw new NsmException(NsmClient.ERR_BAD_PROJECT, file + ": \"corpus\" wants a list of link names");
        }
        Path model = m.get("model") == null ? null : source(dir, file, m.get("model"), false);
        if (corpus.isEmpty() && model == null) throw new NsmException(NsmClient.ERR_BAD_PROJECT, file + ": names no corpus and no model");
        return new NsmProject(dir, new Sources(corpus, model));
    }

    /** A source link named in the project file: inside the project folder, and its target there. */
    private static Path source(Path dir, Path file, Object name, boolean folder) throws NsmException {
        if (!(name instanceof String s) || s.isEmpty() || s.contains("/") || s.equals("..")) {
            throw new NsmException(NsmClient.ERR_BAD_PROJECT, file + ": a source must be a link name inside the project, not " + name);
        }
        Path p = dir.resolve(s);
        boolean ok = folder ? Files.isDirectory(p) : Files.isRegularFile(p);
        if (!ok) {
            String target = "";
            try {
                if (Files.isSymbolicLink(p)) target = " -> " + Files.readSymbolicLink(p);
            } catch (IOException ignored) {
                // the message names the link without its target
            }
            throw new NsmException(NsmClient.ERR_BAD_PROJECT, p + target + ": " + (folder ? "no such folder" : "no such file") + " (the project's " + s + ")");
        }
        return p;
    }

    /** A link to {@code target}'s absolute path, replacing a link of that name. */
    private static void link(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target.toAbsolutePath().normalize());
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException n) return "no such file: " + n.getFile();
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
