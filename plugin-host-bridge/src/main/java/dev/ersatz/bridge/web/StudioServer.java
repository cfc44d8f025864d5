package dev.ersatz.bridge.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.chain.ChainSettings;
import dev.ersatz.engine.model.TrainSettings;
import dev.ersatz.engine.corpus.Curation;
import dev.ersatz.engine.corpus.CurationStore;
import dev.ersatz.engine.preset.ContainedPath;
import dev.ersatz.engine.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The curation studio's HTTP server: the page and its scripts (from the class path: nothing comes
 * from the internet), the clips and their analysis as JSON, pictures, the audio files (with Range,
 * so the browser can seek), curation edits and the export. Listens on 127.0.0.1 only; every request
 * passes {@link AccessGuard} first. A refused or malformed request gets a 4xx with a one-line JSON
 * reason; an unexpected failure a 500 with one line, never a stack trace. Requests run on a small
 * pool of HTTP threads ("ersatz-studio-http").
 */
public final class StudioServer implements AutoCloseable {
    static final String STATIC = "/dev/ersatz/bridge/web/";
    /** The files the page may load, and their types: a fixed list, so no path reaches the class path. */
    static final Map<String, String> ASSETS = Map.of(
            "studio.js", "text/javascript; charset=utf-8",
            "studio.css", "text/css; charset=utf-8");
    static final long MAX_BODY = 64 * 1024;

    private final HttpServer http;
    private final ExecutorService threads;
    private final StudioCorpus corpus;
    private final CurationStore curation;
    private final AccessGuard guard;
    private final StudioChain chains;
    private final StudioTrain models;
    private final StudioLive live;

    private StudioServer(HttpServer http, ExecutorService threads, StudioCorpus corpus, CurationStore curation, String token, Path workDir, StudioLive live) {
        this.live = live;
        this.chains = new StudioChain(workDir.resolve("chains"));
        this.models = new StudioTrain(workDir.resolve("models"));
        this.http = http;
        this.threads = threads;
        this.corpus = corpus;
        this.curation = curation;
        this.guard = new AccessGuard(http.getAddress().getPort(), token);
        http.createContext("/", this::handle);
    }

    /**
     * Binds 127.0.0.1:{@code port} (0: any free port) and starts serving. What the page makes
     * (chains, models) goes under {@code workDir}; {@code live} is the link to a running instrument,
     * or null. Control thread.
     */
    static StudioServer start(StudioCorpus corpus, CurationStore curation, int port, String token, Path workDir, StudioLive live) throws IOException {
        // Without TCP_NODELAY the JDK's server answers each small response on a kept-alive connection
        // after a delayed ACK (about 40 ms): the map's thousand thumbnails took 9 s instead of under one.
        // Read once, when the first server of the JVM is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 32);
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "ersatz-studio-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        StudioServer s = new StudioServer(http, threads, corpus, curation, token, workDir, live);
        http.start();
        return s;
    }

    public int port() { return http.getAddress().getPort(); }

    /** The address to open: with the token, as it is printed. */
    public String url() { return "http://127.0.0.1:" + port() + "/?token=" + guard.token(); }

    /** HTTP thread: every request. */
    private void handle(HttpExchange x) {
        try (x) {
            try {
                route(x);
            } catch (HttpError e) {
                error(x, e.status, e.getMessage());
            } catch (IOException e) {
                // The browser went away mid-answer (a seek, a closed tab): nothing to tell anyone.
            } catch (RuntimeException | AudioFileException | OutOfMemoryError e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                System.err.println("ersatz studio: " + x.getRequestMethod() + " " + x.getRequestURI().getRawPath() + ": " + why);
                error(x, 500, "internal error: " + why);
            }
        }
    }

    private void route(HttpExchange x) throws HttpError, IOException, AudioFileException {
        String method = x.getRequestMethod();
        String path = x.getRequestURI().getRawPath();
        AccessGuard.Proof proof = guard.check(x, method);
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (proof == AccessGuard.Proof.URL && read) {
            // Keep the token in a cookie and take it out of the address bar (and the history).
            x.getResponseHeaders().add("Set-Cookie", guard.setCookie());
            if (path.equals("/")) {
                x.getResponseHeaders().set("Location", "/");
                send(x, 303, "text/plain; charset=utf-8", new byte[0]);
                return;
            }
        }
        if (path.equals("/") || path.equals("/index.html")) {
            requireRead(method);
            send(x, 200, "text/html; charset=utf-8", resource("studio.html"));
        } else if (path.startsWith("/static/")) {
            requireRead(method);
            String name = path.substring("/static/".length());
            String type = ASSETS.get(name);
            if (type == null) throw new HttpError(404, "no such asset: " + name);
            send(x, 200, type, resource(name));
        } else if (path.equals("/api/clips")) {
            requireRead(method);
            json(x, 200, clipsJson());
        } else if (path.startsWith("/api/clip/")) {
            clipRoute(x, method, path.substring("/api/clip/".length()));
        } else if (path.startsWith("/img/")) {
            requireRead(method);
            image(x, path.substring("/img/".length()));
        } else if (path.startsWith("/files/")) {
            requireRead(method);
            audio(x, path.substring("/files/".length()));
        } else if (path.equals("/api/chain")) {
            if (!method.equals("POST")) throw new HttpError(405, method + " not allowed here (POST a selection)");
            json(x, 202, startChain(x).toJson());
        } else if (path.startsWith("/api/chain/")) {
            requireRead(method);
            json(x, 200, job(chains::job, "chain", path.substring("/api/chain/".length())).toJson());
        } else if (path.startsWith("/chains/") && path.endsWith(".wav")) {
            requireRead(method);
            jobSound(x, chains::job, chains::wav, "chain", path.substring("/chains/".length(), path.length() - 4));
        } else if (path.equals("/api/train")) {
            if (!method.equals("POST")) throw new HttpError(405, method + " not allowed here (POST a selection)");
            json(x, 202, startTraining(x).toJson());
        } else if (path.startsWith("/api/train/")) {
            requireRead(method);
            json(x, 200, job(models::job, "model", path.substring("/api/train/".length())).toJson());
        } else if (path.startsWith("/models/") && path.endsWith(".wav")) {
            requireRead(method);
            jobSound(x, models::job, models::wav, "model", path.substring("/models/".length(), path.length() - 4));
        } else if (path.equals("/api/live")) {
            requireRead(method);
            json(x, 200, live == null ? Map.of("connected", false, "error", "no live link (start the studio with --live HOST:PORT)") : live.status());
        } else if (path.startsWith("/api/live/")) {
            if (!method.equals("POST")) throw new HttpError(405, method + " not allowed here (POST)");
            json(x, 200, liveRoute(x, path.substring("/api/live/".length())));
        } else if (path.equals("/api/export.json")) {
            requireRead(method);
            if (download(x)) x.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"curation.json\"");
            json(x, 200, CurationExport.rows(corpus, curation::get));
        } else if (path.equals("/api/export.csv")) {
            requireRead(method);
            if (download(x)) x.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"curation.csv\"");
            send(x, 200, "text/csv; charset=utf-8", CurationExport.csv(CurationExport.rows(corpus, curation::get)).getBytes(StandardCharsets.UTF_8));
        } else {
            throw new HttpError(404, "no such page: " + path);
        }
    }

    private static boolean download(HttpExchange x) {
        String q = x.getRequestURI().getRawQuery();
        return q != null && List.of(q.split("&")).contains("download=1");
    }

    private static void requireRead(String method) throws HttpError {
        if (!method.equals("GET") && !method.equals("HEAD")) throw new HttpError(405, method + " not allowed here");
    }

    /** {@code /api/clip/HASH} (GET) and {@code /api/clip/HASH/curation} (GET, PUT). */
    private void clipRoute(HttpExchange x, String method, String rest) throws HttpError, IOException {
        String[] parts = rest.split("/", -1);
        StudioClip c = clip(parts[0]);
        if (parts.length == 1) {
            requireRead(method);
            json(x, 200, clipJson(c, corpus.map()));
        } else if (parts.length == 2 && parts[1].equals("curation")) {
            if (method.equals("PUT")) {
                Curation k = parseCuration(x);
                curation.put(c.hash, k);
                json(x, 200, k.toJson());
            } else {
                requireRead(method);
                json(x, 200, curation.get(c.hash).toJson());
            }
        } else {
            throw new HttpError(404, "no such page: /api/clip/" + rest);
        }
    }

    private StudioClip clip(String hash) throws HttpError {
        if (!hash.matches("[0-9a-zA-Z-]{1,80}")) throw new HttpError(400, "malformed clip id");
        StudioClip c = corpus.byHash(hash);
        if (c == null) throw new HttpError(404, "no clip " + hash + " (not in the opened folders, or not analysed yet)");
        return c;
    }

    private Curation parseCuration(HttpExchange x) throws HttpError, IOException {
        Map<?, ?> m = jsonObject(x);
        for (Object key : m.keySet()) {
            if (!List.of("tags", "tapped_bpm", "kept", "note").contains(key)) throw new HttpError(400, "unknown field '" + key + "'");
        }
        if (m.get("tags") != null && !(m.get("tags") instanceof List)) throw new HttpError(400, "tags must be a list");
        try {
            return Curation.checked((List<?>) m.get("tags"), m.get("tapped_bpm"), m.get("kept"), m.get("note"));
        } catch (Curation.Invalid e) {
            throw new HttpError(400, e.getMessage());
        }
    }

    /** The request's body: a JSON object sent as application/json, at most MAX_BODY bytes. */
    private static Map<?, ?> jsonObject(HttpExchange x) throws HttpError, IOException {
        String type = x.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) throw new HttpError(415, "send JSON as application/json");
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readNBytes((int) MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) throw new HttpError(413, "request body over " + MAX_BODY + " bytes");
        Object o;
        try {
            o = Json.parse(body);
        } catch (Json.ParseException e) {
            throw new HttpError(400, "malformed JSON: " + e.getMessage());
        }
        if (!(o instanceof Map<?, ?> m)) throw new HttpError(400, "the body must be a JSON object");
        return m;
    }

    /**
     * {@code POST /api/live/audition} {"id": CLIP}, {@code /api/live/stop} {}, {@code /api/live/add}
     * {"ids": [...]}: through the live link to the running instrument.
     */
    private Map<String, Object> liveRoute(HttpExchange x, String what) throws HttpError, IOException {
        if (!List.of("audition", "stop", "add").contains(what)) throw new HttpError(404, "no such page: /api/live/" + what);
        Map<?, ?> m = jsonObject(x);
        List<String> fields = what.equals("audition") ? List.of("id") : what.equals("add") ? List.of("ids") : List.of();
        for (Object key : m.keySet()) if (!fields.contains(key)) throw new HttpError(400, "unknown field '" + key + "'");
        if (live == null) throw new HttpError(409, "no live link (start the studio with --live HOST:PORT)");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("target", live.target());
        switch (what) {
            case "audition" -> {
                if (!(m.get("id") instanceof String id)) throw new HttpError(400, "id must be a clip id");
                StudioClip c = clip(id);
                out.put("clip", c.relative);
                out.put("seconds", live.audition(c.file));
            }
            case "add" -> {
                List<Path> files = new ArrayList<>();
                for (StudioClip c : selection(m.get("ids"))) files.add(c.file);
                if (files.isEmpty()) throw new HttpError(400, "select at least one clip to add");
                out.put("added", files.size());
                out.put("clips", live.add(files));
            }
            default -> live.stop();
        }
        return out;
    }

    /** The WAV a finished job of a kind ("chain", "model") made; 404 until it is made. */
    private void jobSound(HttpExchange x, java.util.function.IntFunction<StudioJob> jobs, java.util.function.IntFunction<java.nio.file.Path> wav,
                          String kind, String id) throws IOException, HttpError {
        StudioJob job = job(jobs, kind, id);
        if (!job.made()) throw new HttpError(404, kind + " " + job.id + " is not made (" + job.stage + ")");
        serveFile(x, wav.apply(job.id), "audio/wav");
    }

    /** Job {@code id} of a kind ("chain", "model"), as {@code jobs} finds it. */
    private static StudioJob job(java.util.function.IntFunction<StudioJob> jobs, String kind, String id) throws HttpError {
        StudioJob job;
        try {
            job = jobs.apply(Integer.parseInt(id));
        } catch (NumberFormatException e) {
            throw new HttpError(400, "malformed " + kind + " number");
        }
        if (job == null) throw new HttpError(404, "no " + kind + " " + id);
        return job;
    }

    /**
     * {@code POST /api/train} {"ids": [...], "settings": {"tokens": 32, "neural": true, ...}}: the
     * settings are `ersatz train`'s options by name (without "--"), any left out at its default.
     */
    private StudioJob startTraining(HttpExchange x) throws HttpError, IOException {
        Map<?, ?> m = jsonObject(x);
        for (Object key : m.keySet()) {
            if (!List.of("ids", "settings").contains(key)) throw new HttpError(400, "unknown field '" + key + "' (ids, settings)");
        }
        List<Path> files = new ArrayList<>();
        for (StudioClip c : selection(m.get("ids"))) files.add(c.file);
        Object given = m.get("settings") == null ? Map.of() : m.get("settings");
        if (!(given instanceof Map<?, ?> settings)) throw new HttpError(400, "settings must be an object of `ersatz train` options");
        try {
            return models.start(files, TrainSettings.DEFAULT.with(settings));
        } catch (TrainSettings.Invalid e) {
            throw new HttpError(400, "train: " + e.getMessage());
        }
    }

    /**
     * {@code POST /api/chain} {"ids": [...], "settings": {"by": "timbre", "crossfade-ms": 80, ...}}:
     * the settings are `ersatz chain`'s options by name (without "--"), any left out at its default.
     */
    private StudioJob startChain(HttpExchange x) throws HttpError, IOException {
        Map<?, ?> m = jsonObject(x);
        for (Object key : m.keySet()) {
            if (!List.of("ids", "settings").contains(key)) throw new HttpError(400, "unknown field '" + key + "' (ids, settings)");
        }
        List<Path> files = new ArrayList<>();
        for (StudioClip c : selection(m.get("ids"))) files.add(c.file);
        Object given = m.get("settings") == null ? Map.of() : m.get("settings");
        if (!(given instanceof Map<?, ?> settings)) throw new HttpError(400, "settings must be an object of `ersatz chain` options");
        try {
            return chains.start(files, ChainSettings.DEFAULT.with(settings));
        } catch (ChainSettings.Invalid e) {
            throw new HttpError(400, "chain: " + e.getMessage());
        }
    }

    /** The clips a request names by id ("ids": [...]); an id that is not an opened clip is a 404. */
    private List<StudioClip> selection(Object ids) throws HttpError {
        if (!(ids instanceof List<?> list)) throw new HttpError(400, "ids must be a list of clip ids");
        if (list.size() > 10_000) throw new HttpError(400, "more than 10000 clips");
        List<StudioClip> clips = new ArrayList<>();
        for (Object id : list) {
            if (!(id instanceof String s)) throw new HttpError(400, "a clip id must be text");
            clips.add(clip(s));
        }
        return clips;
    }

    /** {@code /img/KIND/HASH.png}. */
    private void image(HttpExchange x, String rest) throws HttpError, IOException, AudioFileException {
        if (rest.equals("atlas.png")) {
            StudioCorpus.Atlas a = corpus.atlas();
            if (a == null) throw new HttpError(404, "the atlas is made once every thumbnail is drawn");
            x.getResponseHeaders().set("Cache-Control", "private, max-age=86400");   // its URL carries its version
            send(x, 200, "image/png", a.png());
            return;
        }
        String[] parts = rest.split("/", -1);
        if (parts.length != 2 || !parts[1].endsWith(".png") || !List.of("thumb", "wave", "spec").contains(parts[0])) throw new HttpError(404, "no such picture: " + rest);
        StudioClip c = clip(parts[1].substring(0, parts[1].length() - 4));
        if (parts[0].equals("thumb") && !c.thumbnail) throw new HttpError(404, "thumbnail not drawn yet");
        x.getResponseHeaders().set("Cache-Control", "private, max-age=86400");   // named by content: never stale
        send(x, 200, "image/png", corpus.picture(c, parts[0]));
    }

    /** {@code /files/ROOT/RELATIVE}: an opened clip's bytes, honouring a single byte Range. */
    private void audio(HttpExchange x, String rest) throws HttpError, IOException {
        int slash = rest.indexOf('/');
        if (slash <= 0) throw new HttpError(404, "no such file");
        int root;
        try {
            root = Integer.parseInt(rest.substring(0, slash));
        } catch (NumberFormatException e) {
            throw new HttpError(400, "malformed folder number");
        }
        if (root < 0 || root >= corpus.roots.size()) throw new HttpError(404, "no opened folder " + root);
        String relative = decode(rest.substring(slash + 1));
        Path file;
        try {
            file = ContainedPath.resolve(corpus.roots.get(root), relative);
        } catch (ContainedPath.Refused e) {
            throw new HttpError(403, "outside the opened folders: " + e.getMessage().replace("the preset's folder", "the opened folder"));
        }
        StudioClip c = corpus.byFile(file);
        if (c == null) throw new HttpError(404, "not a clip of the opened folders: " + relative);
        serveFile(x, c.file, audioType(c.name()));
    }

    /** A file's bytes, honouring a single byte Range (the browser seeks with them). */
    private static void serveFile(HttpExchange x, Path file, String type) throws HttpError, IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            long[] range = ByteRange.parse(x.getRequestHeaders().getFirst("Range"), size);
            Headers h = x.getResponseHeaders();
            h.set("Accept-Ranges", "bytes");
            h.set("Content-Type", type);
            if (range == ByteRange.UNSATISFIABLE) {
                h.set("Content-Range", "bytes */" + size);
                throw new HttpError(416, "range not satisfiable (file is " + size + " bytes)");
            }
            long from = range == null ? 0 : range[0], to = range == null ? size : range[1];
            if (range != null) h.set("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + size);
            boolean head = x.getRequestMethod().equals("HEAD");
            x.sendResponseHeaders(range == null ? 200 : 206, head ? -1 : (to - from == 0 ? -1 : to - from));
            if (head) return;
            try (OutputStream out = x.getResponseBody()) {
                ch.transferTo(from, to - from, Channels.newChannel(out));
            }
        }
    }

    /** Percent-decodes a path (UTF-8); a malformed escape is a 400. '+' stays '+' in a path. */
    static String decode(String raw) throws HttpError {
        try {
            return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "malformed percent-escape in path");
        }
    }

    static String audioType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".wav") || n.endsWith(".wave")) return "audio/wav";
        if (n.endsWith(".flac")) return "audio/flac";
        if (n.endsWith(".ogg") || n.endsWith(".oga")) return "audio/ogg";
        if (n.endsWith(".aif") || n.endsWith(".aiff") || n.endsWith(".aifc")) return "audio/aiff";
        return "application/octet-stream";
    }

    private Map<String, Object> clipsJson() throws AudioFileException {
        StudioCorpus.MapView map = corpus.map();
        StudioCorpus.Atlas atlas = corpus.atlas();
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("total", corpus.clips.size());
        progress.put("analysed", corpus.analysed.get());
        progress.put("thumbnails", corpus.thumbnails.get());
        progress.put("failed", corpus.failed.get());
        progress.put("done", corpus.done());
        m.put("progress", progress);
        m.put("columns", map.columns());
        m.put("rows", map.rows());
        if (atlas != null) m.put("atlas", Map.of("url", "/img/atlas.png?v=" + atlas.version(), "columns", atlas.columns(), "size", dev.ersatz.engine.analysis.Thumbnail.SIZE));
        List<Object> clips = new ArrayList<>(), errors = new ArrayList<>();
        Map<String, Integer> tags = new TreeMap<>();
        for (StudioClip c : corpus.clips) {
            if (c.error != null) errors.add(Map.of("file", c.relative, "error", c.error));
            if (!c.ready() || !map.cell().containsKey(c)) continue;
            Map<String, Object> j = clipJson(c, map);
            Integer at = atlas == null ? null : atlas.index().get(c);
            if (at != null) j.put("atlas_index", at);
            clips.add(j);
            for (String t : curation.get(c.hash).tags()) tags.merge(t, 1, Integer::sum);
        }
        m.put("clips", clips);
        m.put("errors", errors);
        m.put("tags", tags);
        return m;
    }

    private Map<String, Object> clipJson(StudioClip c, StudioCorpus.MapView map) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", c.hash);
        j.put("name", c.name());
        j.put("file", c.relative);
        j.put("folder", corpus.roots.get(c.root).getFileName() == null ? corpus.roots.get(c.root).toString() : corpus.roots.get(c.root).getFileName().toString());
        j.put("audio", "/files/" + c.root + "/" + encodePath(c.relative));
        j.put("thumb", c.thumbnail);
        Integer cell = map.cell().get(c);
        j.put("cell", cell == null ? -1 : cell);
        Map<String, Object> a = new LinkedHashMap<>();
        for (String k : List.of("duration", "rate", "channels", "frames", "trim", "peak_dbfs", "loudness_lufs", "loudness_absent", "silence_ratio",
                "onset_rate", "tempo", "tempo_family", "pulse", "loop_beats", "tempo_absent", "flags")) {
            Object v = c.description.get(k);
            if (v instanceof Double d && !Double.isFinite(d)) v = null;
            a.put(k, v);
        }
        j.put("analysis", a);
        j.put("curation", curation.get(c.hash).toJson());
        return j;
    }

    /** Each path segment percent-encoded, '/' kept. */
    static String encodePath(String relative) {
        StringBuilder sb = new StringBuilder();
        for (String seg : relative.split("/", -1)) {
            if (sb.length() > 0) sb.append('/');
            sb.append(java.net.URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = StudioServer.class.getResourceAsStream(STATIC + name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name + " (a broken build)");
            return in.readAllBytes();
        }
    }

    private static void json(HttpExchange x, int status, Object value) throws IOException {
        send(x, status, "application/json; charset=utf-8", Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpExchange x, int status, String reason) {
        try {
            json(x, status, Map.of("error", reason));
        } catch (IOException | RuntimeException e) {
            // Headers already sent, or the client left: nothing more to say.
        }
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        Headers h = x.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        h.set("Content-Security-Policy", "default-src 'self'; img-src 'self'; media-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-ancestors 'none'");
        if (!h.containsKey("Cache-Control")) h.set("Cache-Control", "no-store");
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops serving (waits up to a second for requests in flight). Control thread. */
    @Override
    public void close() {
        http.stop(1);
        threads.shutdownNow();
        chains.close();
        models.close();
    }
}
