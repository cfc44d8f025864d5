package dev.ersatz.bridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio's server over real HTTP: what it refuses (no token, a wrong token, another origin or
 * host, paths outside the opened folders), how it answers malformed requests (a 4xx with a one-line
 * reason, never a stack trace), byte ranges, curation edits and the export.
 */
class StudioServerTest {
    @TempDir static Path dir;
    static Studio studio;
    static String token, base;
    static Path corpus;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void open() throws Exception {
        corpus = StudioCorpusFixture.make(dir, 2);
        Files.writeString(corpus.resolve("notes.txt"), "not audio");
        Files.copy(corpus.resolve("beats").resolve(Files.list(corpus.resolve("beats")).findFirst().orElseThrow().getFileName()), dir.resolve("outside.ogg"));
        studio = Studio.open(List.of(corpus), dir.resolve("cache"), dir.resolve("curation.mv.db"), 0, 2, w -> { throw new AssertionError(w); });
        assertTrue(studio.awaitIdle(180, TimeUnit.SECONDS), "background work finished");
        assertEquals(List.of(), studio.errors());
        base = "http://127.0.0.1:" + studio.port();
        token = AccessGuard.queryToken(URI.create(studio.url()).getRawQuery());
    }

    @AfterAll
    static void close() { if (studio != null) studio.close(); }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> put(String path, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "token " + token).header("Content-Type", contentType);
        if (headers.length > 0) b.headers(headers);
        return http.send(b.PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String[] auth() { return new String[] {"Authorization", "token " + token}; }

    /** A refusal: the status, a JSON body with a one-line reason, and no trace of Java's insides. */
    static void refused(int status, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertOneLineReason(r.body());
    }

    static void assertOneLineReason(String body) {
        assertTrue(body.startsWith("{\"error\":"), body);
        assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains("\n"), body);
    }

    /** A raw request over a socket, for what java.net.http will not send (a forged Host, "..", garbage). */
    static String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", studio.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) got.write(buf, 0, n);
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static String rawGet(String path, String host) throws Exception {
        return raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: token " + token + "\r\nConnection: close\r\n\r\n");
    }

    static int status(String rawResponse) { return Integer.parseInt(rawResponse.substring(9, 12)); }

    static Map<?, ?> clips() throws Exception {
        HttpResponse<String> r = get("/api/clips", auth());
        assertEquals(200, r.statusCode(), r.body());
        return (Map<?, ?>) Json.parse(r.body());
    }

    static Map<?, ?> firstClip() throws Exception { return (Map<?, ?>) ((List<?>) clips().get("clips")).get(0); }

    @Test
    void withoutTheTokenEverythingIs401() throws Exception {
        for (String p : List.of("/", "/api/clips", "/static/studio.js", "/api/export.json", "/files/0/beats/x.ogg", "/nonsense")) refused(401, get(p));
    }

    @Test
    void aWrongTokenIs403WhereverItComesFrom() throws Exception {
        refused(403, get("/?token=" + "0".repeat(token.length())));
        refused(403, get("/api/clips?token=abc"));
        refused(403, get("/api/clips", "Authorization", "token nope"));
        refused(403, get("/api/clips", "Cookie", "ersatz_studio_" + studio.port() + "=nope"));
    }

    @Test
    void theTokenInTheUrlBecomesAStrictHttpOnlyCookie() throws Exception {
        HttpResponse<String> r = get("/?token=" + token);
        assertEquals(303, r.statusCode());
        assertEquals("/", r.headers().firstValue("Location").orElseThrow());
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), cookie);
        String pair = cookie.substring(0, cookie.indexOf(';'));
        HttpResponse<String> page = get("/", "Cookie", pair);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"/static/studio.js\""), "the page");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'self'"));
        assertEquals(200, get("/api/clips", "Cookie", pair).statusCode());
    }

    @Test
    void otherOriginsAndHostsAre403EvenWithTheToken() throws Exception {
        refused(403, get("/api/clips", "Authorization", "token " + token, "Origin", "http://evil.example"));
        refused(403, get("/api/clips", "Authorization", "token " + token, "Origin", "http://127.0.0.1:" + (studio.port() + 1)));
        assertEquals(200, get("/api/clips", "Authorization", "token " + token, "Origin", "http://127.0.0.1:" + studio.port()).statusCode());
        String id = (String) firstClip().get("id");
        refused(403, put("/api/clip/" + id + "/curation", "application/json", "{\"kept\":true}", "Origin", "http://evil.example"));
        String r = rawGet("/api/clips", "evil.example:" + studio.port());   // DNS rebinding: the page's own host name
        assertEquals(403, status(r), r);
        assertTrue(r.contains("wrong Host header"), r);
        assertEquals(200, status(rawGet("/api/clips", "localhost:" + studio.port())));
    }

    @Test
    void pathsOutsideTheOpenedFoldersAreRefused() throws Exception {
        for (String p : List.of("/files/0/../outside.ogg", "/files/0/beats/../../outside.ogg", "/files/0/%2e%2e/outside.ogg",
                "/files/0/..%2Foutside.ogg", "/files/0/%2Fetc%2Fpasswd", "/files/0//etc/passwd")) {
            String r = rawGet(p, "127.0.0.1:" + studio.port());
            assertEquals(403, status(r), p + ": " + r);
            assertTrue(r.contains("outside the opened folders"), r);
        }
        refused(404, get("/files/0/notes.txt", auth()));          // inside, but not a clip
        refused(404, get("/files/1/anything.ogg", auth()));       // no second folder
        refused(404, get("/static/../studio.html", auth()));
        refused(404, get("/static/StudioServer.class", auth()));
        Map<?, ?> c = firstClip();
        HttpResponse<String> ok = get((String) c.get("audio"), auth());
        assertEquals(200, ok.statusCode());
        assertEquals("audio/ogg", ok.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void malformedRequestsGet4xxWithAOneLineReason() throws Exception {
        String id = (String) firstClip().get("id");
        refused(400, put("/api/clip/" + id + "/curation", "application/json", "{\"tags\": [unquoted]}"));
        refused(400, put("/api/clip/" + id + "/curation", "application/json", "[1, 2]"));
        refused(400, put("/api/clip/" + id + "/curation", "application/json", "{\"tempo\": 120}"));
        refused(400, put("/api/clip/" + id + "/curation", "application/json", "{\"tapped_bpm\": 9000}"));
        refused(400, put("/api/clip/" + id + "/curation", "application/json", "{\"tags\": \"doom\"}"));
        refused(400, put("/api/clip/" + id + "/curation", "application/json", "{\"kept\": \"yes\"}"));
        refused(415, put("/api/clip/" + id + "/curation", "text/plain", "{\"kept\": true}"));
        refused(413, put("/api/clip/" + id + "/curation", "application/json", "{\"note\": \"" + "x".repeat(70_000) + "\"}"));
        refused(400, get("/api/clip/not*an*id", auth()));
        refused(404, get("/api/clip/deadbeef", auth()));
        refused(404, get("/img/thumb/" + id + ".gif", auth()));
        refused(400, get("/files/x/y.ogg", auth()));
        String badEscape = rawGet("/files/0/%zz.ogg", "127.0.0.1:" + studio.port());
        assertEquals(400, status(badEscape), badEscape);
        // The JDK's server refuses this URI before any handler sees it, with its own one-line body.
        assertFalse(badEscape.contains("\tat ") || badEscape.contains("\n\tat"), badEscape);
        refused(405, put("/api/clips", "application/json", "{}"));
        String garbage = raw("HELLO\r\n\r\n");
        assertTrue(garbage.startsWith("HTTP/1.1 400"), garbage);
        assertFalse(garbage.contains("\tat "), garbage);
    }

    @Test
    void audioIsServedWithByteRanges() throws Exception {
        String audio = (String) firstClip().get("audio");
        HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(URI.create(base + audio)).headers(auth()).build(), HttpResponse.BodyHandlers.ofByteArray());
        long size = whole.body().length;
        HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(URI.create(base + audio)).headers(auth()).header("Range", "bytes=10-19").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, part.statusCode());
        assertEquals("bytes 10-19/" + size, part.headers().firstValue("Content-Range").orElseThrow());
        assertEquals(List.of(10, 19), List.of((int) part.body().length, 19));
        for (int i = 0; i < 10; i++) assertEquals(whole.body()[10 + i], part.body()[i]);
        HttpResponse<byte[]> tail = http.send(HttpRequest.newBuilder(URI.create(base + audio)).headers(auth()).header("Range", "bytes=-5").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, tail.statusCode());
        assertEquals(5, tail.body().length);
        HttpResponse<String> past = get(audio, "Authorization", "token " + token, "Range", "bytes=" + size + "-");
        refused(416, past);
        assertEquals("bytes */" + size, past.headers().firstValue("Content-Range").orElseThrow());
    }

    @Test
    void curationIsStoredAndExportedAsJsonAndCsv() throws Exception {
        Map<?, ?> c = firstClip();
        String id = (String) c.get("id");
        HttpResponse<String> r = put("/api/clip/" + id + "/curation", "application/json",
                "{\"tags\": [\"doom riff\", \"breakdown \\\"in\\\" 6/8\"], \"tapped_bpm\": 120.5, \"kept\": false, \"note\": \"line one\\nline two\"}");
        assertEquals(200, r.statusCode(), r.body());
        Map<?, ?> back = (Map<?, ?>) Json.parse(get("/api/clip/" + id + "/curation", auth()).body());
        assertEquals(List.of("doom riff", "breakdown \"in\" 6/8"), back.get("tags"));
        assertEquals(120.5, ((Number) back.get("tapped_bpm")).doubleValue());
        assertEquals(false, back.get("kept"));
        List<?> rows = (List<?>) Json.parse(get("/api/export.json", auth()).body());
        assertEquals(((List<?>) clips().get("clips")).size(), rows.size());
        Map<?, ?> row = rows.stream().map(o -> (Map<?, ?>) o).filter(m -> id.equals(m.get("content_hash"))).findFirst().orElseThrow();
        assertEquals(c.get("file"), row.get("file"));
        assertEquals(false, row.get("kept"));
        String csv = get("/api/export.csv", auth()).body();
        assertTrue(csv.startsWith(String.join(",", CurationExport.COLUMNS) + "\r\n"), csv);
        assertTrue(csv.contains(",false,120.5,\"doom riff; breakdown \"\"in\"\" 6/8\",\"line one\nline two\","), csv);
        assertEquals("attachment; filename=\"curation.csv\"", get("/api/export.csv?download=1", auth()).headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals(200, put("/api/clip/" + id + "/curation", "application/json", "{}").statusCode());   // back to nothing
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).headers(auth()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<?, ?> finishedChain(HttpResponse<String> started) throws Exception {
        assertEquals(202, started.statusCode(), started.body());
        Object id = ((Map<?, ?>) Json.parse(started.body())).get("id");
        Map<?, ?> job;
        do {
            Thread.sleep(100);
            job = (Map<?, ?>) Json.parse(get("/api/chain/" + id, auth()).body());
        } while (!Boolean.TRUE.equals(job.get("finished")));
        return job;
    }

    @Test
    void selectedClipsBecomeAChainThatCanBePlayed() throws Exception {
        List<?> all = (List<?>) clips().get("clips");
        String a = (String) ((Map<?, ?>) all.get(0)).get("id"), b = (String) ((Map<?, ?>) all.get(1)).get("id"), c = (String) ((Map<?, ?>) all.get(2)).get("id");
        String two = "\"ids\": [\"" + a + "\", \"" + b + "\"]";
        refused(400, post("/api/chain", "{\"ids\": [\"" + a + "\"]}"));
        refused(400, post("/api/chain", "{\"ids\": \"" + a + "\"}"));
        refused(404, post("/api/chain", "{\"ids\": [\"" + a + "\", \"feedface\"]}"));
        refused(405, get("/api/chain", auth()));
        refused(404, get("/api/chain/99", auth()));
        refused(400, get("/api/chain/x", auth()));
        // Bad settings: the reason `ersatz chain` gives for the same option, on one line.
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"by\": \"colour\"}", "chain: unknown similarity 'colour' (fingerprint, timbre or mix)");
        bad.put("{\"crossfade-ms\": 70000}", "chain: --crossfade-ms must be between 0 and 60000, not 70000");
        bad.put("{\"temperature\": -1}", "chain: --temperature must be between 0 and 1000000, not -1");
        bad.put("{\"cut-at\": \"bars\"}", "chain: unknown --cut-at 'bars' (onsets, beats or none)");
        bad.put("{\"seed\": 1.5}", "chain: --seed must be a whole number, not 1.5");
        bad.put("{\"min-clip-ms\": \"long\"}", "chain: --min-clip-ms must be a number, not 'long'");
        bad.put("{\"crossfade_ms\": 30}", "chain: unknown chain setting 'crossfade_ms' (by, temperature, seed, crossfade-ms, align-ms, top-db, min-clip-ms, max-clip-ms, cut-at)");
        bad.put("[30]", "settings must be an object of `ersatz chain` options");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            HttpResponse<String> r = post("/api/chain", "{" + two + ", \"settings\": " + e.getKey() + "}");
            refused(400, r);
            assertEquals(e.getValue(), ((Map<?, ?>) Json.parse(r.body())).get("error"), e.getKey());
        }
        refused(400, post("/api/chain", "{" + two + ", \"by\": \"timbre\"}"));
        // The same value from the command line is refused with the same words.
        CliCheck cli = CliCheck.chain("--crossfade-ms", "70000", "-o", dir.resolve("x.wav").toString(), corpus.toString());
        assertEquals(2, cli.code(), cli.err());
        assertTrue(cli.err().contains("chain: --crossfade-ms must be between 0 and 60000, not 70000"), cli.err());

        // Settings that cut nothing usable: the job fails with `ersatz chain`'s reason.
        Map<?, ?> none = finishedChain(post("/api/chain", "{" + two + ", \"settings\": {\"min-clip-ms\": 3600000}}"));
        assertTrue(String.valueOf(none.get("error")).startsWith("0 usable clips from 0 of 2 readable files"), none.toString());
        assertEquals(2, ((List<?>) none.get("warnings")).size(), none.toString());

        String settings = "{\"by\": \"timbre\", \"crossfade-ms\": 30, \"align-ms\": 5, \"temperature\": 0.5, \"seed\": 7, \"cut-at\": \"onsets\", \"max-clip-ms\": 1500, \"min-clip-ms\": 200}";
        Map<?, ?> job = finishedChain(post("/api/chain", "{\"ids\": [\"" + a + "\", \"" + b + "\", \"" + c + "\"], \"settings\": " + settings + "}"));
        assertEquals(null, job.get("error"));
        Object id = job.get("id");
        Map<?, ?> summary = (Map<?, ?>) job.get("summary");
        assertEquals("timbre", summary.get("by"));
        assertTrue(((Number) summary.get("pieces")).intValue() >= 3, summary.toString());
        HttpResponse<byte[]> wav = http.send(HttpRequest.newBuilder(URI.create(base + job.get("audio"))).headers(auth()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, wav.statusCode());
        assertEquals("audio/wav", wav.headers().firstValue("Content-Type").orElseThrow());
        var audio = dev.ersatz.engine.audio.AudioFiles.read(dir.resolve("cache/studio/chains/" + id + ".wav"));
        assertEquals(((Number) summary.get("seconds")).doubleValue(), audio.seconds(), 1e-6);
        assertEquals("RIFF", new String(wav.body(), 0, 4, StandardCharsets.US_ASCII));
        Map<?, ?> report = (Map<?, ?>) Json.parse(Files.readString(dir.resolve("cache/studio/chains/" + id + ".json")));
        assertEquals(List.of("timbre", 0.5, 7L, 30.0), List.of(report.get("similarity"), ((Number) report.get("temperature")).doubleValue(), report.get("seed"), ((Number) report.get("crossfade_ms")).doubleValue()));
        // Every setting reached the chain: `ersatz chain` with the same options on the same files writes the same samples.
        List<String> argv = new java.util.ArrayList<>(List.of("--by", "timbre", "--crossfade-ms", "30", "--align-ms", "5", "--temperature", "0.5", "--seed", "7",
                "--cut-at", "onsets", "--max-clip-ms", "1500", "--min-clip-ms", "200", "-o", dir.resolve("cli.wav").toString()));
        for (Object o : all.subList(0, 3)) argv.add(corpus.resolve((String) ((Map<?, ?>) o).get("file")).toString());
        CliCheck same = CliCheck.chain(argv.toArray(String[]::new));
        assertEquals(0, same.code(), same.err());
        var cliAudio = dev.ersatz.engine.audio.AudioFiles.read(dir.resolve("cli.wav"));
        assertEquals(audio.frames(), cliAudio.frames());
        for (int ch = 0; ch < audio.channelCount(); ch++) assertTrue(java.util.Arrays.equals(audio.channels()[ch], cliAudio.channels()[ch]), "channel " + ch);
        // Cut at onsets with a 1.5 s limit gives more pieces than three whole clips would.
        Map<?, ?> whole = finishedChain(post("/api/chain", "{\"ids\": [\"" + a + "\", \"" + b + "\", \"" + c + "\"], \"settings\": {\"by\": \"timbre\"}}"));
        assertTrue(((Number) summary.get("pieces")).intValue() > ((Number) ((Map<?, ?>) whole.get("summary")).get("pieces")).intValue(), summary + " vs " + whole.get("summary"));
    }

    static Map<?, ?> finishedJob(String kind, HttpResponse<String> started) throws Exception {
        assertEquals(202, started.statusCode(), started.body());
        Object id = ((Map<?, ?>) Json.parse(started.body())).get("id");
        Map<?, ?> job;
        do {
            Thread.sleep(100);
            job = (Map<?, ?>) Json.parse(get("/api/" + kind + "/" + id, auth()).body());
        } while (!Boolean.TRUE.equals(job.get("finished")));
        return job;
    }

    @Test
    void selectedClipsTrainAModelWhoseBounceCanBePlayed() throws Exception {
        List<?> all = (List<?>) clips().get("clips");
        String a = (String) ((Map<?, ?>) all.get(0)).get("id"), b = (String) ((Map<?, ?>) all.get(1)).get("id");
        String two = "\"ids\": [\"" + a + "\", \"" + b + "\"]";
        refused(400, post("/api/train", "{\"ids\": []}"));
        refused(404, post("/api/train", "{\"ids\": [\"feedface\"]}"));
        refused(405, get("/api/train", auth()));
        refused(404, get("/api/train/99", auth()));
        refused(400, get("/api/train/x", auth()));
        refused(404, get("/models/99.wav", auth()));
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"tokens\": 1}", "train: --tokens must be between 2 and 4096, not 1");
        bad.put("{\"grain\": 1000}", "train: --grain must be a power of two, not 1000");
        bad.put("{\"epochs\": 3}", "train: --epochs is for --neural");
        bad.put("{\"order\": 2.5}", "train: --order must be a whole number, not 2.5");
        bad.put("{\"neural\": \"yes\"}", "train: --neural must be true or false, not yes");
        bad.put("{\"k\": 8}", "train: unknown training setting 'k' (tokens, order, seed, rate, grain, neural, epochs)");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            HttpResponse<String> r = post("/api/train", "{" + two + ", \"settings\": " + e.getKey() + "}");
            refused(400, r);
            assertEquals(e.getValue(), ((Map<?, ?>) Json.parse(r.body())).get("error"), e.getKey());
        }
        Map<?, ?> job = finishedJob("train", post("/api/train", "{" + two + ", \"settings\": {\"tokens\": 8, \"order\": 2, \"seed\": 5}}"));
        assertEquals(null, job.get("error"), job.toString());
        Map<?, ?> summary = (Map<?, ?>) job.get("summary");
        assertEquals(List.of(8L, 2L), List.of(summary.get("tokens"), summary.get("order")), summary.toString());
        // The model is in the studio's cache, not in the opened folder.
        Path model = Path.of((String) job.get("model"));
        assertEquals(dir.resolve("cache/studio/models/" + job.get("id") + ".ersatz-model").toAbsolutePath(), model);
        try (var inCorpus = Files.walk(corpus)) { assertFalse(inCorpus.anyMatch(f -> f.toString().endsWith(".ersatz-model")), "nothing written into the opened folder"); }
        // The same as `ersatz train` makes from the same files with the same options.
        List<String> argv = new java.util.ArrayList<>(List.of("train", "--tokens", "8", "--order", "2", "--seed", "5", "-o", dir.resolve("cli.ersatz-model").toString()));
        for (Object o : all.subList(0, 2)) argv.add(corpus.resolve((String) ((Map<?, ?>) o).get("file")).toString());
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = dev.ersatz.bridge.cli.Main.run(argv.toArray(String[]::new), new dev.ersatz.bridge.cli.Console(new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8), false));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertEquals(dev.ersatz.engine.model.ModelFile.describe(dev.ersatz.engine.model.ModelFile.read(dir.resolve("cli.ersatz-model"))),
                dev.ersatz.engine.model.ModelFile.describe(dev.ersatz.engine.model.ModelFile.read(model)));
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("cli.ersatz-model")), Files.readAllBytes(model)), "the same model, byte for byte");
        // Its bounce plays in the page: ten seconds of sound.
        HttpResponse<byte[]> wav = http.send(HttpRequest.newBuilder(URI.create(base + job.get("audio"))).headers(auth()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, wav.statusCode());
        assertEquals("audio/wav", wav.headers().firstValue("Content-Type").orElseThrow());
        var audio = dev.ersatz.engine.audio.AudioFiles.read(dir.resolve("cache/studio/models/" + job.get("id") + ".wav"));
        assertEquals(StudioTrain.BOUNCE_SECONDS, audio.seconds(), 0.01);
        assertTrue(dev.ersatz.engine.bounce.Bouncer.peak(audio) > 0.01, "the bounce is not silent");
        refused(400, post("/api/train", "{" + two + ", \"settings\": {\"tokens\": 5000}}"));
    }

    /** `ersatz chain ARGS` run in this JVM, as a user would type it. */
    record CliCheck(int code, String err) {
        static CliCheck chain(String... args) {
            String[] argv = new String[args.length + 1];
            argv[0] = "chain";
            System.arraycopy(args, 0, argv, 1, args.length);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err = new java.io.ByteArrayOutputStream();
            int code = dev.ersatz.bridge.cli.Main.run(argv, new dev.ersatz.bridge.cli.Console(new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                    new java.io.PrintStream(err, true, StandardCharsets.UTF_8), false));
            return new CliCheck(code, err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyClipHasAThumbnailAndThePagePictures() throws Exception {
        List<?> all = (List<?>) clips().get("clips");
        assertEquals(6, all.size());
        for (Object o : all) {
            Map<?, ?> c = (Map<?, ?>) o;
            assertEquals(true, c.get("thumb"));
            for (String kind : List.of("thumb", "wave", "spec")) {
                HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(base + "/img/" + kind + "/" + c.get("id") + ".png")).headers(auth()).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, png.statusCode());
                java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png.body()));
                assertTrue(img.getWidth() >= 64 && img.getHeight() >= 64, kind + " " + img.getWidth() + "x" + img.getHeight());
            }
        }
        // The atlas: every thumbnail in one picture, each clip at its index, 32 a row.
        Map<?, ?> atlas = (Map<?, ?>) clips().get("atlas");
        HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(base + atlas.get("url"))).headers(auth()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, png.statusCode());
        java.awt.image.BufferedImage sheet = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png.body()));
        assertEquals(List.of(32 * 64, 64), List.of(sheet.getWidth(), sheet.getHeight()));
        for (Object o : all) {
            Map<?, ?> c = (Map<?, ?>) o;
            int k = ((Number) c.get("atlas_index")).intValue();
            byte[] one = http.send(HttpRequest.newBuilder(URI.create(base + "/img/thumb/" + c.get("id") + ".png")).headers(auth()).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            java.awt.image.BufferedImage t = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(one));
            for (int y = 0; y < 64; y += 9) for (int x = 0; x < 64; x += 7) assertEquals(t.getRGB(x, y), sheet.getRGB(k * 64 + x, y), "atlas pixel of " + c.get("file"));
        }
        try (var files = Files.walk(dir.resolve("cache").resolve("studio"))) {
            assertEquals(6, files.filter(p -> p.toString().endsWith(".png") && p.getParent().getFileName().toString().startsWith("thumb")).count(), "thumbnails cached on disk");
        }
    }
}
