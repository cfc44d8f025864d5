package dev.ersatz.engine.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every decoder against sox's decoding of the same file, which sox also made. */
class AudioFilesTest {
    @TempDir Path dir;

    /** Same shape, and every sample within {@code tolerance} of sox's. */
    static void assertSameAudio(float[][] expected, int expectedRate, AudioData actual, double tolerance) {
        assertEquals(expectedRate, actual.sampleRate(), "rate");
        assertEquals(expected.length, actual.channelCount(), "channels");
        assertEquals(expected[0].length, actual.frames(), "frames");
        double worst = 0;
        for (int c = 0; c < expected.length; c++) {
            for (int i = 0; i < expected[c].length; i++) worst = Math.max(worst, Math.abs(expected[c][i] - actual.channels()[c][i]));
        }
        assertTrue(worst <= tolerance, "max abs difference from sox " + worst + " > " + tolerance);
    }

    static double correlation(float[] a, float[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    /** One least significant bit of {@code bits}-bit PCM, as a float sample; PCM must match sox to within it. */
    static double lsb(int bits) { return Math.pow(2, -(Math.min(bits, 24) - 1)); }

    @ParameterizedTest(name = "{0} {1} bits {2} ch {3} Hz {4}")
    @CsvSource({
            "wav, 8, 1, 8000, unsigned-integer",
            "wav, 16, 2, 44100, signed-integer",
            "wav, 24, 2, 48000, signed-integer",
            "wav, 32, 2, 44100, signed-integer",
            "wav, 32, 2, 44100, floating-point",
            "wav, 64, 1, 44100, floating-point",
            "wav, 16, 8, 192000, signed-integer",
            "wav, 16, 3, 22050, signed-integer",
            "aiff, 8, 1, 8000, signed-integer",
            "aiff, 16, 2, 44100, signed-integer",
            "aiff, 24, 2, 96000, signed-integer",
            "aiff, 32, 2, 44100, signed-integer",
            "aiff, 16, 8, 192000, signed-integer",
            "aifc, 16, 2, 44100, signed-integer",
            "aifc, 32, 2, 48000, floating-point",
            "aifc, 64, 1, 48000, floating-point",
            "flac, 8, 1, 8000, signed-integer",
            "flac, 16, 2, 44100, signed-integer",
            "flac, 24, 2, 96000, signed-integer",
            "flac, 16, 8, 192000, signed-integer",
            "flac, 24, 5, 32000, signed-integer",
    })
    void pcmAndFloatMatchSox(String type, int bits, int channels, int rate, String encoding) throws Exception {
        Path src = SoxFiles.source(dir, channels, rate, 0.75);
        Path file = SoxFiles.convert(src, dir.resolve("t." + type), "-e", encoding, "-b", String.valueOf(bits));
        AudioData ours = AudioFiles.read(file);
        // Up to 24-bit PCM and 32-bit float, sox's float output is exact, and 1 LSB is the bound; 32-bit PCM and
        // 64-bit float pass through sox's 32-bit integer samples, then float rounding: allow that rounding (~2^-24).
        double tolerance = encoding.equals("floating-point") ? (bits == 64 ? 1e-7 : 0) : bits == 32 ? 1e-7 : lsb(bits);
        assertSameAudio(SoxFiles.decode(file, dir), SoxFiles.soxRate(file), ours, tolerance);
    }

    @ParameterizedTest(name = "{0} ch {1} Hz")
    @CsvSource({"2, 44100", "1, 22050", "8, 192000", "6, 48000"})
    void vorbisMatchesSox(int channels, int rate) throws Exception {
        Path src = SoxFiles.source(dir, channels, rate, 1.5);
        Path file = SoxFiles.convert(src, dir.resolve("t.ogg"), "-C", "6");
        AudioData ours = AudioFiles.read(file);
        float[][] sox = SoxFiles.decode(file, dir);
        assertEquals(rate, ours.sampleRate());
        assertEquals(channels, ours.channelCount());
        assertEquals(sox[0].length, ours.frames(), "frames (libvorbisfile's length, to the sample)");
        for (int c = 0; c < channels; c++) {
            double r = correlation(sox[c], ours.channels()[c]);
            assertTrue(r > 0.9999, "channel " + c + ": correlation with sox " + r);
        }
    }

    @Test
    void aiffCLittleEndianSowt() throws Exception {
        Path src = SoxFiles.source(dir, 2, 44100, 0.5);
        AudioData a = AudioFiles.read(src);
        Path file = dir.resolve("sowt.aifc");
        Files.write(file, AiffBytes.aifc(a, "sowt", 16, ByteOrder.LITTLE_ENDIAN));
        // sox reads sowt too: it must agree with us.
        assertSameAudio(SoxFiles.decode(file, dir), 44100, AudioFiles.read(file), lsb(16));
    }

    @Test
    void aiffCDoubleFloatFl64() throws Exception {
        Path src = SoxFiles.source(dir, 2, 44100, 0.5);
        AudioData a = AudioFiles.read(src);
        Path file = dir.resolve("fl64.aifc");
        Files.write(file, AiffBytes.aifc(a, "fl64", 64, ByteOrder.BIG_ENDIAN));
        assertSameAudio(a.channels(), 44100, AudioFiles.read(file), 0);
    }

    @Test
    void chosenByContentNotByName() throws Exception {
        Path src = SoxFiles.source(dir, 1, 44100, 0.25);
        Path flac = SoxFiles.convert(src, dir.resolve("x.flac"), "-b", "16");
        Path misnamed = Files.move(flac, dir.resolve("actually-flac.wav"));
        Path ogg = Files.move(SoxFiles.convert(src, dir.resolve("y.ogg")), dir.resolve("no-extension"));
        Path aiff = Files.move(SoxFiles.convert(src, dir.resolve("z.aiff"), "-b", "16"), dir.resolve("z.flac"));
        assertEquals(SoxFiles.decode(misnamed, dir)[0].length, AudioFiles.read(misnamed).frames());
        assertEquals(44100, AudioFiles.read(ogg).sampleRate());
        assertEquals(SoxFiles.decode(aiff, dir)[0].length, AudioFiles.read(aiff).frames());
    }

    @Test
    void wavOddBitDepthIsReadByItsContainer() throws Exception {
        Path src = SoxFiles.source(dir, 2, 44100, 0.25);
        Path wav = SoxFiles.convert(src, dir.resolve("w16.wav"), "-b", "16", "-t", "wavpcm");
        byte[] b = Files.readAllBytes(wav);
        int fmt = BadInputTest.indexOf(b, "fmt ");
        java.nio.ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(fmt + 8 + 14, (short) 12); // wBitsPerSample
        Path twelve = dir.resolve("w12.wav");
        Files.write(twelve, b);
        assertSameAudio(AudioFiles.read(wav).channels(), 44100, AudioFiles.read(twelve), 0);
    }

    @Test
    void chainedOggStreamsAreJoined() throws Exception {
        Path a = SoxFiles.convert(SoxFiles.source(dir, 2, 44100, 0.5), dir.resolve("a.ogg"));
        Path b = SoxFiles.convert(SoxFiles.source(dir, 2, 44100, 0.75), dir.resolve("b.ogg"));
        Path chained = dir.resolve("chained.ogg");
        Files.write(chained, concat(Files.readAllBytes(a), Files.readAllBytes(b)));
        AudioData x = AudioFiles.read(a), y = AudioFiles.read(b), both = AudioFiles.read(chained);
        assertEquals(x.frames() + y.frames(), both.frames());
        for (int c = 0; c < 2; c++) {
            assertEquals(x.channels()[c][100], both.channels()[c][100]);
            assertEquals(y.channels()[c][100], both.channels()[c][x.frames() + 100]);
        }
        // Different rates cannot be joined into one AudioData: a clear error.
        Path c = SoxFiles.convert(SoxFiles.source(dir, 2, 48000, 0.25), dir.resolve("c.ogg"));
        Path mixed = dir.resolve("mixed.ogg");
        Files.write(mixed, concat(Files.readAllBytes(a), Files.readAllBytes(c)));
        AudioFileException e = org.junit.jupiter.api.Assertions.assertThrows(AudioFileException.class, () -> AudioFiles.read(mixed));
        assertEquals("unsupported chained Ogg: stream 2 has 2 channels at 48000 Hz, the first 2 at 44100 Hz", e.reason());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void extendedFloatSampleRates() {
        for (double rate : new double[] {8000, 11025, 22050, 44100, 48000, 96000, 192000, 7, 1_536_000}) {
            ByteBuffer b = ByteBuffer.wrap(AiffBytes.extended(rate));
            assertEquals(rate, AiffReader.extended(b), "rate " + rate);
        }
    }

    @Test
    void flacWithId3TagInFront() throws Exception {
        Path src = SoxFiles.source(dir, 1, 44100, 0.25);
        Path flac = SoxFiles.convert(src, dir.resolve("x.flac"), "-b", "16");
        byte[] body = Files.readAllBytes(flac);
        byte[] tag = new byte[10 + 20];
        System.arraycopy("ID3".getBytes(StandardCharsets.US_ASCII), 0, tag, 0, 3);
        tag[3] = 3;
        tag[9] = 20; // syncsafe size 20
        byte[] all = new byte[tag.length + body.length];
        System.arraycopy(tag, 0, all, 0, tag.length);
        System.arraycopy(body, 0, all, tag.length, body.length);
        Path tagged = dir.resolve("tagged.flac");
        Files.write(tagged, all);
        assertSameAudio(SoxFiles.decode(flac, dir), 44100, AudioFiles.read(tagged), lsb(16));
    }
}
