package dev.ersatz.engine.model;

import dev.ersatz.engine.analysis.Texture;
import dev.ersatz.engine.util.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The model file, versioned and self-describing:
 * <pre>
 *   "ERSZMODL"  magic (8 bytes)
 *   int32       format version ({@link #VERSION})
 *   int32       header length, then the header: UTF-8 JSON (sample rate, grain, hop, tokens, order,
 *               descriptor dims, grain count, the corpus summary: files, durations, hashes; the
 *               corpus's texture figures)
 *   int64       body length, then the body: every clip (phrase): its frames, the silence after it
 *               and its audio as 16-bit PCM, channel after channel; the grain table (clip, start,
 *               token, attack); the descriptors, the codebook and the network's weights
 *   int64       CRC-32 of everything before it
 * </pre>
 * All little-endian. The model carries the audio it resynthesises from, so it plays without the corpus.
 * Control thread only.
 */
public final class ModelFile {
    /** 2: phrases with their gaps, attack grains, boundary symbols, the corpus texture. */
    public static final int VERSION = 2;
    private static final byte[] MAGIC = "ERSZMODL".getBytes(StandardCharsets.US_ASCII);

    private ModelFile() { }

    public static void write(Path file, GrainModel m) throws ModelFileException {
        byte[] header = Json.pretty(header(m)).getBytes(StandardCharsets.UTF_8);
        long body = 4;
        for (int c = 0; c < m.clipCount(); c++) body += 8 + 2L * m.channels() * m.clipFrames(c);
        body += 4 + 16L * m.grains() + 4 + 4L * m.descriptorArray().length + 4 + 4L * m.codebookArray().length;
        if (m.neural() != null) for (float[] w : m.neural().weights()) body += 4 + 4L * w.length;
        long total = 8 + 4 + 4 + header.length + 8 + body + 8;
        if (total > Integer.MAX_VALUE - 16) throw new ModelFileException(file, "model too large (" + (total >> 20) + " MiB; up to 2 GiB)");
        ByteBuffer b = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(header.length).put(header).putLong(body);
        b.putInt(m.clipCount());
        for (int c = 0; c < m.clipCount(); c++) {
            b.putInt(m.clipFrames(c)).putInt(m.clipGap(c));
            for (int ch = 0; ch < m.channels(); ch++) for (float v : m.clip(c, ch)) b.putShort(Pcm16.quantise(v));
        }
        b.putInt(m.grains());
        for (int g = 0; g < m.grains(); g++) {
            b.putInt(m.grainClip(g)).putInt(m.grainStart(g)).putInt(m.grainToken(g)).putInt(m.attack(g) ? 1 : 0);
        }
        b.putInt(m.descriptorArray().length);
        for (float v : m.descriptorArray()) b.putFloat(v);
        b.putInt(m.codebookArray().length);
        for (float v : m.codebookArray()) b.putFloat(v);
        if (m.neural() != null) {
            for (float[] w : m.neural().weights()) {
                b.putInt(w.length);
                for (float v : w) b.putFloat(v);
            }
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putLong(crc.getValue());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp" + ProcessHandle.current().pid());
        try {
            Files.write(tmp, b.array());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* best effort */ }
            String why = e instanceof NoSuchFileException ? "no such directory"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e.getMessage();
            throw new ModelFileException(file, "cannot write: " + why, e);
        }
    }

    public static GrainModel read(Path file) throws ModelFileException {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) throw new ModelFileException(file, "is a directory, not a model file");
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 16) throw new ModelFileException(file, "too large to be a model (" + (size >> 20) + " MiB)");
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file, "no such file");
        } catch (AccessDeniedException e) {
            throw new ModelFileException(file, "permission denied");
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read: " + e.getMessage(), e);
        }
        if (bytes.length == 0) throw new ModelFileException(file, "empty file, not a model");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= bytes.length) throw new ModelFileException(file, "truncated model file (" + bytes.length + " bytes)");
            if (bytes[i] != MAGIC[i]) throw new ModelFileException(file, "not an Ersatz model file (make one with ersatz train)");
        }
        if (bytes.length < 16) throw new ModelFileException(file, "truncated model file (" + bytes.length + " bytes)");
        b.position(8);
        int version = b.getInt();
        if (version != VERSION) {
            throw new ModelFileException(file, "model format version " + version + ", but this ersatz reads version " + VERSION + " (retrain it with ersatz train)");
        }
        int headerLength = b.getInt();
        if (headerLength < 0 || (long) b.position() + headerLength + 8 > bytes.length) {
            throw new ModelFileException(file, "truncated or corrupt model file (header of " + headerLength + " bytes does not fit in " + bytes.length + ")");
        }
        String headerText = new String(bytes, b.position(), headerLength, StandardCharsets.UTF_8);
        b.position(b.position() + headerLength);
        long body = b.getLong();
        long expected = (long) b.position() + body + 8;
        if (body < 0 || expected > bytes.length) {
            throw new ModelFileException(file, "truncated model file (" + bytes.length + " of " + expected + " bytes)");
        }
        if (expected < bytes.length) throw new ModelFileException(file, "corrupt model file (" + (bytes.length - expected) + " unexpected bytes at the end)");
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, (int) (expected - 8));
        if (crc.getValue() != ByteBuffer.wrap(bytes, (int) (expected - 8), 8).order(ByteOrder.LITTLE_ENDIAN).getLong()) {
            throw new ModelFileException(file, "corrupt model file (checksum mismatch)");
        }
        try {
            return parse(headerText, b);
        } catch (RuntimeException | Json.ParseException e) {
            throw new ModelFileException(file, "corrupt model file (" + e.getMessage() + ")", e);
        }
    }

    /** The header fields of a model, as its file stores them (for listings and --json output). */
    public static Map<String, Object> describe(GrainModel m) { return header(m); }

    private static Map<String, Object> header(GrainModel m) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("format", "ersatz grain model");
        h.put("version", VERSION);
        h.put("sampleRate", m.sampleRate());
        h.put("grainSize", m.grainSize());
        h.put("hop", m.hop());
        h.put("channels", m.channels());
        h.put("tokens", m.tokens());
        h.put("order", m.order());
        h.put("descriptorDims", m.dims());
        h.put("grains", m.grains());
        h.put("neural", m.neural() != null);
        if (m.neural() != null) h.put("neuralHidden", m.neural().hidden());
        Map<String, Object> corpus = new LinkedHashMap<>();
        List<Object> files = new ArrayList<>();
        for (CorpusSummary.Entry e : m.corpus().files()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("path", e.path());
            f.put("seconds", e.seconds());
            f.put("sha256", e.sha256());
            files.add(f);
        }
        corpus.put("files", files);
        corpus.put("seconds", m.corpus().seconds());
        corpus.put("sha256", m.corpus().sha256());
        h.put("corpus", corpus);
        h.put("texture", m.texture().toJson());
        return h;
    }

    @SuppressWarnings("unchecked")
    private static GrainModel parse(String headerText, ByteBuffer b) throws Json.ParseException {
        Map<String, Object> h = (Map<String, Object>) Json.parse(headerText);
        int rate = num(h, "sampleRate"), grain = num(h, "grainSize"), hop = num(h, "hop");
        int tokens = num(h, "tokens"), order = num(h, "order"), dims = num(h, "descriptorDims"), channels = num(h, "channels");
        if (channels < 1 || channels > 2) throw new IllegalStateException("channels " + channels);
        Map<String, Object> c = (Map<String, Object>) h.get("corpus");
        List<CorpusSummary.Entry> files = new ArrayList<>();
        for (Object o : (List<Object>) c.get("files")) {
            Map<String, Object> f = (Map<String, Object>) o;
            files.add(new CorpusSummary.Entry((String) f.get("path"), ((Number) f.get("seconds")).doubleValue(), (String) f.get("sha256")));
        }
        CorpusSummary corpus = new CorpusSummary(files, (String) c.get("sha256"));
        Texture texture = Texture.fromJson((Map<String, Object>) h.get("texture"));
        int clipCount = b.getInt();
        if (clipCount < 1 || clipCount > b.remaining() / 8) throw new IllegalStateException("clip count " + clipCount);
        float[][][] clips = new float[clipCount][channels][];
        int[] gaps = new int[clipCount];
        for (int i = 0; i < clipCount; i++) {
            int n = b.getInt();
            gaps[i] = b.getInt();
            if (gaps[i] < 0) throw new IllegalStateException("clip " + i + " gap " + gaps[i]);
            if (n < 0 || n > b.remaining() / 2 / channels) throw new IllegalStateException("clip " + i + " length " + n);
            for (int ch = 0; ch < channels; ch++) {
                float[] x = new float[n];
                for (int k = 0; k < n; k++) x[k] = Pcm16.toFloat(b.getShort());
                clips[i][ch] = x;
            }
        }
        int n = b.getInt();
        if (n < 0 || n > b.remaining() / 16) throw new IllegalStateException("grain count " + n);
        int[] gc = new int[n], gs = new int[n], gt = new int[n];
        boolean[] attack = new boolean[n];
        for (int g = 0; g < n; g++) {
            gc[g] = b.getInt(); gs[g] = b.getInt(); gt[g] = b.getInt();
            int a = b.getInt();
            if (gc[g] < 0 || gc[g] >= clipCount || gt[g] < 0 || gt[g] >= tokens || gs[g] < 0 || (a & ~1) != 0) throw new IllegalStateException("grain " + g);
            if (gs[g] > clips[gc[g]][0].length - grain) throw new IllegalStateException("grain " + g + " outside its clip");
            attack[g] = a == 1;
        }
        float[] desc = floats(b);
        float[] book = floats(b);
        if (desc.length != n * dims || book.length != tokens * dims) throw new IllegalStateException("descriptor sizes");
        NeuralModel neural = null;
        if (Boolean.TRUE.equals(h.get("neural"))) {
            int hidden = num(h, "neuralHidden");
            neural = new NeuralModel(tokens, hidden, floats(b), floats(b), floats(b), floats(b), floats(b), new double[0]);
        }
        if (b.remaining() != 8) throw new IllegalStateException((b.remaining() - 8) + " bytes left over in the body");
        return new GrainModel(rate, grain, hop, tokens, order, corpus, clips, gaps, gc, gs, gt, attack, desc, dims, book, texture, neural);
    }

    private static float[] floats(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining() / 4) throw new IllegalStateException("array length " + n);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = b.getFloat();
        return x;
    }

    private static int num(Map<String, Object> h, String key) {
        Object v = h.get(key);
        if (!(v instanceof Number)) throw new IllegalStateException("header lacks " + key);
        return ((Number) v).intValue();
    }
}
