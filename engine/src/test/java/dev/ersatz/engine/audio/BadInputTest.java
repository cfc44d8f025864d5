package dev.ersatz.engine.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.testing.Signals;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Damaged, empty, huge-claiming and odd-but-valid files, per format: a one-line reason or the right audio. */
class BadInputTest {
    @TempDir Path dir;

    /** Reads {@code file} expecting failure within a few seconds; checks the message is "FILE: reason" on one line. */
    static AudioFileException failure(Path file) {
        AudioFileException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(AudioFileException.class, () -> AudioFiles.read(file)));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertEquals(file, e.file());
        return e;
    }

    static AudioData read(Path file) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> AudioFiles.read(file));
    }

    /** A small valid file of {@code type} made by sox: 1 s of 2-channel music at 44.1 kHz. */
    private Path made(String type, String... options) throws Exception {
        Path src = SoxFiles.source(dir, 2, 44100, 1.0);
        return SoxFiles.convert(src, dir.resolve("good." + type), options);
    }

    private Path bytes(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"wav", "aiff", "flac", "ogg"})
    void emptyFile(String ext) throws Exception {
        Path f = bytes("empty." + ext, new byte[0]);
        assertEquals("empty file", failure(f).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"wav", "aiff", "flac", "ogg"})
    void textNamedAsAudio(String ext) throws Exception {
        Path f = bytes("notes." + ext, "These are my notes about the mix.\nKick too loud.\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("not an audio file (looks like text)", failure(f).reason());
    }

    @Test
    void utf8TextAndRandomBytes() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60; i++) text.append("Mélodie à l'envers, übersteuert — take ").append(i).append('\n');
        assertEquals("not an audio file (looks like text)", failure(bytes("notes.flac", text.toString().getBytes(StandardCharsets.UTF_8))).reason());
        byte[] noise = new byte[4096];
        new Random(5).nextBytes(noise);
        noise[0] = 0x12; // not an MP3 frame sync by chance
        assertEquals("not a supported audio file (WAV, AIFF, FLAC or Ogg Vorbis)", failure(bytes("noise.ogg", noise)).reason());
    }

    @Test
    void mp3IsNamedAsUnsupported() throws Exception {
        byte[] b = new byte[200];
        b[0] = 'I'; b[1] = 'D'; b[2] = '3'; b[3] = 3; b[9] = 10;
        b[20] = (byte) 0xFF; b[21] = (byte) 0xFB;
        assertTrue(failure(bytes("song.mp3.wav", b)).reason().startsWith("unsupported format: MP3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"wav", "aiff", "flac", "ogg"})
    void cutInHalf(String type) throws Exception {
        Path good = made(type, "-b", "16");
        byte[] all = Files.readAllBytes(good);
        Path f = bytes("half." + type, Arrays.copyOf(all, all.length / 2));
        assertTrue(failure(f).reason().startsWith("truncated"), failure(f).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"wav", "aiff", "flac", "ogg"})
    void cutInsideTheHeader(String type) throws Exception {
        Path good = made(type, "-b", "16");
        byte[] all = Files.readAllBytes(good);
        for (int n : new int[] {4, 12, 20, 30, 45}) failure(bytes("head" + n + "." + type, Arrays.copyOf(all, n)));
    }

    @Test
    void wavHeaderClaimingGigabytes() throws Exception {
        byte[] all = Files.readAllBytes(made("wav", "-b", "16"));
        int data = indexOf(all, "data");
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putInt(data + 4, 0x7FFFFFF0);
        assertEquals("truncated: data chunk claims 2147483632 bytes, " + (all.length - data - 8) + " present",
                failure(bytes("huge.wav", all)).reason());
    }

    @Test
    void wavWithStreamingSizeReadsToTheEnd() throws Exception {
        Path good = made("wav", "-b", "16");
        byte[] all = Files.readAllBytes(good);
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putInt(indexOf(all, "data") + 4, 0xFFFFFFFF).putInt(4, 0xFFFFFFFF);
        assertEquals(AudioFiles.read(good).frames(), read(bytes("stream.wav", all)).frames());
    }

    @Test
    void wavClaimingTwoBillionFramesOfEightChannels() throws Exception {
        // A header that is consistent with itself but not with the file: 65535 channels of 32-bit samples.
        ByteBuffer b = ByteBuffer.allocate(44 + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(-1).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) -1).putInt(44100)
                .putInt(0).putShort((short) 0).putShort((short) 32);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(-2);
        assertTrue(failure(bytes("claims.wav", b.array())).reason().startsWith("truncated"));
    }

    @Test
    void aiffHeaderClaimingGigabytes() throws Exception {
        byte[] all = Files.readAllBytes(made("aiff", "-b", "16"));
        ByteBuffer.wrap(all).order(ByteOrder.BIG_ENDIAN).putInt(indexOf(all, "COMM") + 10, 0x7FFFFFFF);
        assertTrue(failure(bytes("huge.aiff", all)).reason().startsWith("truncated: header claims 2147483647 frames"));
    }

    @Test
    void flacStreamInfoClaimingGigabytes() throws Exception {
        Path good = made("flac", "-b", "16");
        byte[] all = Files.readAllBytes(good);
        // STREAMINFO's 36-bit total-samples field: the low 4 bits of byte 21 and bytes 22-25 (after "fLaC" and the block header).
        all[21] |= 0x0F;
        for (int i = 22; i <= 25; i++) all[i] = (byte) 0xFF;
        String reason = failure(bytes("huge.flac", all)).reason();
        assertEquals("truncated: STREAMINFO declares 68719476735 samples, the frames hold " + AudioFiles.read(good).frames(), reason);
    }

    @Test
    void oggGranuleClaimingGigabytesDoesNotAllocate() throws Exception {
        Path good = made("ogg");
        byte[] all = Files.readAllBytes(good);
        int last = lastIndexOf(all, "OggS");
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putLong(last + 6, 1L << 40);
        OggCrc.fix(all, last);
        // The claim cannot trim the last packet, so up to one block more than the true length; nothing like 2^40.
        int frames = read(bytes("huge.ogg", all)).frames();
        int exact = AudioFiles.read(good).frames();
        assertTrue(frames >= exact && frames <= exact + 4096, frames + " frames");
    }

    @Test
    void oggPageWithBadChecksum() throws Exception {
        byte[] all = Files.readAllBytes(made("ogg"));
        int page = indexOf(all, "OggS", all.length / 3);
        all[page + 40] ^= 0x55;
        assertTrue(failure(bytes("crc.ogg", all)).reason().startsWith("corrupt Ogg data"));
    }

    @Test
    void flacFrameWithBadCrc() throws Exception {
        byte[] all = Files.readAllBytes(made("flac", "-b", "16"));
        all[all.length / 2] ^= 0x10;
        assertTrue(failure(bytes("crc.flac", all)).reason().startsWith("corrupt FLAC data"));
    }

    @Test
    void opusIsNamedAsUnsupported() throws Exception {
        // The first packet of an Ogg Opus stream, in a page with a correct checksum.
        byte[] head = "OpusHead\u0001\u0002\u0000\u0000\u0080\u00bb\u0000\u0000\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);
        byte[] page = new byte[27 + 1 + head.length];
        ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        b.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) 2).putLong(0).putInt(1).putInt(0).putInt(0)
                .put((byte) 1).put((byte) head.length).put(head);
        OggCrc.fix(page, 0);
        assertEquals("unsupported codec: Ogg Opus (only Ogg Vorbis is read)", failure(bytes("voice.ogg", page)).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"32", "64"})
    void wavFloatNaNAndInfinity(String bits) throws Exception {
        byte[] all = Files.readAllBytes(made("wav", "-e", "floating-point", "-b", bits));
        int data = indexOf(all, "data") + 8;
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int size = Integer.parseInt(bits) / 8;
        // Frame 100, channel 2.
        int at = data + (100 * 2 + 1) * size;
        if (size == 4) b.putFloat(at, Float.NaN); else b.putDouble(at, Double.NaN);
        assertEquals("NaN sample at frame 100 of channel 2", failure(bytes("nan.wav", all)).reason());
        if (size == 4) b.putFloat(at, Float.POSITIVE_INFINITY); else b.putDouble(at, Double.NEGATIVE_INFINITY);
        assertEquals("infinite sample at frame 100 of channel 2", failure(bytes("inf.wav", all)).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fl32", "fl64"})
    void aiffFloatNaNAndInfinity(String type) throws Exception {
        float[] x = Signals.sine(440, 0.5, 1000, 44100);
        x[7] = Float.NaN;
        Path f = bytes("nan.aifc", AiffBytes.aifc(new float[][] {x}, 44100, x.length, type, type.equals("fl32") ? 32 : 64, ByteOrder.BIG_ENDIAN));
        assertEquals("NaN sample at frame 7", failure(f).reason());
        x[7] = Float.NEGATIVE_INFINITY;
        f = bytes("inf.aifc", AiffBytes.aifc(new float[][] {x}, 44100, x.length, type, type.equals("fl32") ? 32 : 64, ByteOrder.BIG_ENDIAN));
        assertEquals("infinite sample at frame 7", failure(f).reason());
    }

    @Test
    void aiffUnsupportedCompressionIsNamed() throws Exception {
        float[] x = Signals.sine(440, 0.5, 100, 8000);
        Path f = bytes("ulaw.aifc", AiffBytes.aifc(new float[][] {x}, 8000, x.length, "ulaw", 16, ByteOrder.BIG_ENDIAN));
        assertEquals("unsupported AIFF-C compression 'ulaw'", failure(f).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"wav", "aiff", "flac", "ogg"})
    void oneSampleFileIsValid(String type) throws Exception {
        Path src = SoxFiles.source(dir, 1, 44100, 0.1);
        Path f = SoxFiles.convert(src, dir.resolve("one." + type), new String[0], "trim", "0s", "1s");
        AudioData a = read(f);
        assertEquals(1, a.frames());
        assertEquals(44100, a.sampleRate());
        assertEquals(SoxFiles.decode(f, dir)[0][0], a.channels()[0][0], type.equals("ogg") ? 0.05 : 1.0 / 32768);
    }

    @ParameterizedTest
    @ValueSource(strings = {"wav", "aiff", "flac", "ogg"})
    void eightChannelsAt192kIsValid(String type) throws Exception {
        Path src = SoxFiles.source(dir, 8, 192000, 0.5);
        Path f = SoxFiles.convert(src, dir.resolve("8ch." + type), type.equals("ogg") ? new String[0] : new String[] {"-b", "24"});
        AudioData a = read(f);
        assertEquals(8, a.channelCount());
        assertEquals(192000, a.sampleRate());
        assertEquals(SoxFiles.decode(f, dir)[7].length, a.frames());
    }

    @ParameterizedTest
    @ValueSource(strings = {"wav", "aiff", "flac"})
    void eightBitAt8kIsValid(String type) throws Exception {
        Path src = SoxFiles.source(dir, 1, 8000, 0.5);
        Path f = SoxFiles.convert(src, dir.resolve("8bit." + type), "-b", "8");
        AudioData a = read(f);
        AudioFilesTest.assertSameAudio(SoxFiles.decode(f, dir), 8000, a, 1.0 / 128);
    }

    @Test
    void headerOnlyWavHasNoSamples() throws Exception {
        Path src = SoxFiles.source(dir, 1, 44100, 0.1);
        Path f = SoxFiles.convert(src, dir.resolve("none.wav"), new String[] {"-b", "16"}, "trim", "0s", "0s");
        assertEquals("no samples", failure(f).reason());
    }

    @Test
    void directoryIsNotAFile() {
        assertEquals("is a directory", failure(dir).reason());
    }

    @Test
    void missingFile() {
        assertEquals("no such file", failure(dir.resolve("absent.wav")).reason());
    }

    /** Random damage to valid files of every format: each read ends in audio or one AudioFileException, never anything else. */
    @ParameterizedTest
    @ValueSource(strings = {"wav", "aiff", "flac", "ogg"})
    void randomDamageNeverEscapesAsAnotherException(String type) throws Exception {
        Path src = SoxFiles.source(dir, 2, 44100, 0.3);
        byte[] good = Files.readAllBytes(SoxFiles.convert(src, dir.resolve("short." + type), type.equals("ogg") ? new String[0] : new String[] {"-b", "16"}));
        Random r = new Random(42);
        for (int trial = 0; trial < 60; trial++) {
            byte[] b = good.clone();
            int flips = 1 + r.nextInt(8);
            // Damage the first 200 bytes (headers) half the time, anywhere otherwise.
            for (int k = 0; k < flips; k++) {
                int at = trial % 2 == 0 ? r.nextInt(Math.min(200, b.length)) : r.nextInt(b.length);
                b[at] = (byte) r.nextInt(256);
            }
            if (trial % 5 == 0) b = Arrays.copyOf(b, 1 + r.nextInt(b.length));
            Path f = bytes("damaged-" + trial + "." + type, b);
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> AudioFiles.read(f));
            } catch (Exception e) {
                // assertTimeoutPreemptively passes the decoder's checked exception through unchanged.
                if (!(e instanceof AudioFileException)) throw new AssertionError("trial " + trial + ": " + e, e);
                assertTrue(e.getMessage().startsWith(f + ": ") && !e.getMessage().contains("\n"), e.getMessage());
            }
            Files.delete(f);
        }
    }

    /** Damage inside Vorbis packets, with every page's checksum recomputed so the damage reaches JOrbis itself. */
    @Test
    void vorbisDamageBehindValidChecksums() throws Exception {
        Path src = SoxFiles.source(dir, 2, 44100, 0.3);
        byte[] good = Files.readAllBytes(SoxFiles.convert(src, dir.resolve("short.ogg")));
        java.util.List<Integer> pages = new java.util.ArrayList<>();
        for (int at = 0; ; at++) {
            try {
                at = indexOf(good, "OggS", at);
            } catch (AssertionError end) {
                break;
            }
            pages.add(at);
        }
        Random r = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            byte[] b = good.clone();
            for (int k = 0, flips = 1 + r.nextInt(4); k < flips; k++) {
                // Even trials hit the header pages (identification, comments, setup), odd ones any page.
                int page = pages.get(r.nextInt(trial % 2 == 0 ? Math.min(2, pages.size()) : pages.size()));
                int at = page + 27 + (b[page + 26] & 0xFF) + r.nextInt(200);
                if (at < b.length) b[at] = (byte) r.nextInt(256);
            }
            for (int page : pages) OggCrc.fix(b, page);
            Path f = bytes("vorbis-" + trial + ".ogg", b);
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> AudioFiles.read(f));
            } catch (Exception e) {
                if (!(e instanceof AudioFileException)) throw new AssertionError("trial " + trial + ": " + e, e);
                assertTrue(e.getMessage().startsWith(f + ": ") && !e.getMessage().contains("\n"), e.getMessage());
            }
            Files.delete(f);
        }
    }

    static int indexOf(byte[] b, String s) { return indexOf(b, s, 0); }

    static int indexOf(byte[] b, String s, int from) {
        byte[] p = s.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = from; i + p.length <= b.length; i++) {
            for (int j = 0; j < p.length; j++) if (b[i + j] != p[j]) continue outer;
            return i;
        }
        throw new AssertionError(s + " not found");
    }

    static int lastIndexOf(byte[] b, String s) {
        int at = -1;
        try {
            while (true) at = indexOf(b, s, at + 1);
        } catch (AssertionError e) {
            return at;
        }
    }
}
