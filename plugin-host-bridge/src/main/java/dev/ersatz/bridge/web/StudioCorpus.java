package dev.ersatz.bridge.web;

import dev.ersatz.engine.analysis.Analysis;
import dev.ersatz.engine.analysis.AnalysisCache;
import dev.ersatz.engine.analysis.FileAnalyzer;
import dev.ersatz.engine.analysis.Thumbnail;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.corpus.ClipMap;
import dev.ersatz.engine.corpus.CorpusLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The folders the studio opened and their clips. Listing the files happens at once (control thread);
 * hashing, analysis (through the analysis cache) and thumbnails (through the image cache) run on a
 * small pool of background workers ("ersatz-studio-work") while the page already shows progress. The
 * map is laid out again whenever more clips are ready than when it was last laid out.
 */
final class StudioCorpus implements AutoCloseable {
    final List<Path> roots;
    final List<StudioClip> clips;
    private final Map<String, StudioClip> byHash = new ConcurrentHashMap<>();
    private final Map<Path, StudioClip> byFile = new HashMap<>();
    private final AnalysisCache cache;
    final ImageCache images;
    private final ExecutorService pool;
    final AtomicInteger analysed = new AtomicInteger(), thumbnails = new AtomicInteger(), failed = new AtomicInteger();
    /** Counts the descriptions down; thumbnails wait for all of them (the map needs every analysis first). */
    private final java.util.concurrent.CountDownLatch described;
    private ClipMap.Layout layout;
    private List<StudioClip> laidOut = List.of();

    /** The grid of the clips ready so far: {@code cell.get(clip)} is row × columns + column. */
    record MapView(int columns, int rows, Map<StudioClip, Integer> cell) { }

    StudioCorpus(List<Path> roots, AnalysisCache cache, ImageCache images, int threads) throws AudioFileException {
        List<Path> rs = new ArrayList<>();
        List<StudioClip> cs = new ArrayList<>();
        for (Path r : roots) {
            Path root = r.toAbsolutePath().normalize();
            if (!java.nio.file.Files.isDirectory(root)) throw new AudioFileException(r, "not a folder (the studio opens folders of samples or bounces)");
            int ri = rs.size();
            rs.add(root);
            for (Path f : CorpusLoader.audioFiles(List.of(root))) {
                Path abs = f.toAbsolutePath().normalize();
                if (byFile.containsKey(abs)) continue;   // a folder opened twice, or one inside another
                String rel = root.relativize(abs).toString().replace(java.io.File.separatorChar, '/');
                StudioClip c = new StudioClip(cs.size(), ri, abs, rel);
                cs.add(c);
                byFile.put(abs, c);
            }
        }
        this.roots = List.copyOf(rs);
        this.clips = Collections.unmodifiableList(cs);
        this.cache = cache;
        this.images = images;
        this.described = new java.util.concurrent.CountDownLatch(cs.size());
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ersatz-studio-work");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
    }

    /** Starts the background work: every clip hashed and analysed first (the map needs them), then thumbnails. */
    void start() {
        for (StudioClip c : clips) pool.submit(() -> describe(c));
        for (StudioClip c : clips) pool.submit(() -> thumbnail(c));
    }

    /** Worker thread. */
    private void describe(StudioClip c) {
        try {
            describeOne(c);
        } finally {
            described.countDown();
        }
    }

    private void describeOne(StudioClip c) {
        try {
            String hash = cache != null ? cache.contentKey(c.file) : AnalysisCache.hash(c.file);
            StudioClip first = byHash.putIfAbsent(hash, c);
            c.hash = hash;
            if (first != null && first != c) {
                c.error = "same content as " + first.relative;
                failed.incrementAndGet();
                return;
            }
            // Through JSON text once: a fresh description holds arrays where a cached one holds lists.
            Map<?, ?> d = (Map<?, ?>) dev.ersatz.engine.util.Json.parse(dev.ersatz.engine.util.Json.write(FileAnalyzer.describe(c.file, cache)));
            c.analysis = Analysis.fromJson(d);
            c.description = d;
            if (analysed.incrementAndGet() % 25 == 0 && cache != null) cache.commit();
        } catch (AudioFileException e) {
            fail(c, e.getMessage());
        } catch (IOException e) {
            fail(c, c.file + ": cannot read: " + e.getMessage());
        } catch (dev.ersatz.engine.util.Json.ParseException e) {
            fail(c, c.file + ": " + e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            fail(c, c.file + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private void fail(StudioClip c, String why) {
        c.error = why;
        failed.incrementAndGet();
    }

    /** Worker thread: draws the clip's thumbnail unless the image cache has it. */
    private void thumbnail(StudioClip c) {
        try {
            described.await();   // a task queued after every description: only in-flight ones are waited for
        } catch (InterruptedException e) {
            return;
        }
        if (!c.ready()) return;
        try {
            picture(c, "thumb");
            c.thumbnail = true;
            thumbnails.incrementAndGet();
            if (done()) prepareAtlas();
        } catch (AudioFileException | RuntimeException | OutOfMemoryError e) {
            c.error = c.error == null ? c.file + ": thumbnail: " + e.getMessage() : c.error;
        }
    }

    /** The PNG of {@code kind} (thumb, wave, spec) for a ready clip: cached, else drawn and cached. */
    byte[] picture(StudioClip c, String kind) throws AudioFileException {
        String k = kind + "-v" + (kind.equals("thumb") ? Thumbnail.VERSION : dev.ersatz.engine.analysis.ClipPictures.VERSION);
        byte[] png = images.get(k, c.hash);
        if (png != null) return png;
        var audio = AudioFiles.read(c.file);
        png = Png.encode(switch (kind) {
            case "thumb" -> Thumbnail.of(audio);
            case "wave" -> dev.ersatz.engine.analysis.ClipPictures.waveform(audio, c.analysis.trim(), 1200, 160);
            case "spec" -> dev.ersatz.engine.analysis.ClipPictures.spectrogram(audio, 1200, 128);
            default -> throw new IllegalArgumentException(kind);
        });
        images.put(k, c.hash, png);
        return png;
    }

    /** Every thumbnail in one picture, so the page loads one image instead of a thousand. */
    record Atlas(String version, int columns, Map<StudioClip, Integer> index, byte[] png) { }

    static final int ATLAS_COLUMNS = 32;
    private Atlas atlas;

    /**
     * The atlas of every drawn thumbnail in clip order, {@link #ATLAS_COLUMNS} a row; made once the
     * background work is done (null before), again only if the set of clips changes. HTTP threads.
     */
    synchronized Atlas atlas() throws AudioFileException {
        if (!done()) return null;
        List<StudioClip> drawn = clips.stream().filter(c -> c.ready() && c.thumbnail).toList();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (StudioClip c : drawn) crc.update(c.hash.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String version = drawn.size() + "-" + Long.toHexString(crc.getValue()) + "-v" + Thumbnail.VERSION;
        if (atlas != null && atlas.version().equals(version)) return atlas;
        int size = Thumbnail.SIZE, rows = Math.max(1, (drawn.size() + ATLAS_COLUMNS - 1) / ATLAS_COLUMNS);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(ATLAS_COLUMNS * size, rows * size, java.awt.image.BufferedImage.TYPE_INT_RGB);
        Map<StudioClip, Integer> index = new HashMap<>();
        for (int i = 0; i < drawn.size(); i++) {
            StudioClip c = drawn.get(i);
            try {
                java.awt.image.BufferedImage t = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(picture(c, "thumb")));
                if (t == null) continue;
                img.getGraphics().drawImage(t, (i % ATLAS_COLUMNS) * size, (i / ATLAS_COLUMNS) * size, null);
                index.put(c, i);
            } catch (IOException e) {
                // A damaged cached thumbnail: this clip falls back to its own picture.
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException("atlas PNG: " + e.getMessage(), e);   // in memory: cannot happen
        }
        atlas = new Atlas(version, ATLAS_COLUMNS, index, out.toByteArray());
        return atlas;
    }

    /** Worker thread: the one that draws the last thumbnail makes the atlas before the page asks for it. */
    private void prepareAtlas() {
        try {
            atlas();
        } catch (AudioFileException | RuntimeException | OutOfMemoryError e) {
            // The page asks again (and shows the thumbnails one by one until it gets one).
        }
    }

    StudioClip byHash(String hash) {
        StudioClip c = hash == null ? null : byHash.get(hash);
        return c != null && c.ready() ? c : null;
    }

    StudioClip byFile(Path abs) { return byFile.get(abs); }

    /** The map of the clips ready now, laid out again when more are ready than last time. */
    synchronized MapView map() {
        List<StudioClip> ready = clips.stream().filter(StudioClip::ready).toList();
        if (layout == null || ready.size() != laidOut.size()) {
            double[][] features = new double[ready.size()][];
            for (int i = 0; i < features.length; i++) features[i] = ClipMap.features(ready.get(i).analysis);
            layout = ClipMap.layout(features);
            laidOut = ready;
        }
        Map<StudioClip, Integer> cell = new HashMap<>();
        for (int i = 0; i < laidOut.size(); i++) cell.put(laidOut.get(i), layout.cell()[i]);
        return new MapView(layout.columns(), layout.rows(), cell);
    }

    boolean done() { return analysed.get() + failed.get() >= clips.size() && pendingThumbnails() == 0; }

    private long pendingThumbnails() { return clips.stream().filter(c -> c.ready() && !c.thumbnail).count(); }

    /** Waits for the background work (tests and the benchmark). */
    void awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        while (!done() && System.nanoTime() < end) Thread.sleep(50);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (cache != null) {
            try {
                cache.commit();
                cache.close();
            } catch (RuntimeException e) {
                // The cache only saves time; losing its last entries costs analysing them again.
            }
        }
    }
}
