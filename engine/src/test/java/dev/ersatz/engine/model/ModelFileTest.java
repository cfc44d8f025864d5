package dev.ersatz.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.util.Json;
import dev.ersatz.engine.util.Progress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model file: self-describing, plays without the corpus, and refuses other versions and damage clearly. */
class ModelFileTest {
    static GrainModel model;

    @BeforeAll
    static void train() {
        model = ModelTrainer.train(List.of(
                        new ModelTrainer.Source(Path.of("a.wav"), MarkovCorpus.make(8, 44100, 200, 1)),
                        new ModelTrainer.Source(Path.of("b.wav"), MarkovCorpus.music(5, 44100, 2))),
                new ModelTrainer.Options(16, 2, 3, 2048, 44100), Progress.NONE);
    }

    @Test
    void aSavedModelDescribesItselfAndPlaysExactlyAsTrained(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.ersatz");
        ModelFile.write(f, model);
        GrainModel back = ModelFile.read(f);
        assertEquals(44100, back.sampleRate());
        assertEquals(2048, back.grainSize());
        assertEquals(1024, back.hop());
        assertEquals(16, back.tokens());
        assertEquals(2, back.order());
        assertEquals(2, back.corpus().files().size());
        assertEquals(8.0, back.corpus().files().get(0).seconds(), 0.01);
        assertEquals(model.corpus(), back.corpus());
        assertEquals(64, back.corpus().sha256().length());
        // The header is readable JSON right behind the magic: self-describing without this code.
        byte[] bytes = Files.readAllBytes(f);
        assertEquals("ERSZMODL", new String(bytes, 0, 8, StandardCharsets.US_ASCII));
        int len = ByteBuffer.wrap(bytes, 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) Json.parse(new String(bytes, 16, len, StandardCharsets.UTF_8));
        assertEquals(44100L, header.get("sampleRate"));
        assertEquals(16L, header.get("tokens"));
        Playback.Take a = Playback.play(model, 4, 1, 11, 0);
        Playback.Take b = Playback.play(back, 4, 1, 11, 0);
        assertArrayEquals(a.grains(), b.grains());
        assertArrayEquals(a.audio().channels()[0], b.audio().channels()[0]);
        assertArrayEquals(a.audio().channels()[1], b.audio().channels()[1]);
    }

    @Test
    void anotherVersionIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("old.ersatz");
        ModelFile.write(f, model);
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(ModelFile.VERSION + 1);
        Files.write(f, bytes);
        String msg = assertThrows(ModelFileException.class, () -> ModelFile.read(f)).getMessage();
        assertEquals(f + ": model format version " + (ModelFile.VERSION + 1) + ", but this ersatz reads version "
                + ModelFile.VERSION + " (retrain it with ersatz train)", msg);
    }

    @Test
    void truncatedCorruptAndForeignFilesGiveOneLineErrors(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.ersatz");
        ModelFile.write(good, model);
        byte[] bytes = Files.readAllBytes(good);

        for (int cut : new int[] {bytes.length - 1, bytes.length / 2, 200, 10, 3}) {
            Path f = dir.resolve("cut" + cut + ".ersatz");
            Files.write(f, Arrays.copyOf(bytes, cut));
            String msg = assertThrows(ModelFileException.class, () -> ModelFile.read(f)).getMessage();
            assertTrue(msg.startsWith(f + ": truncated"), msg);
            assertFalse(msg.contains("\n"));
        }
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x40;
        Path corrupt = dir.resolve("corrupt.ersatz");
        Files.write(corrupt, flipped);
        assertEquals(corrupt + ": corrupt model file (checksum mismatch)",
                assertThrows(ModelFileException.class, () -> ModelFile.read(corrupt)).getMessage());

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a model at all\n");
        assertEquals(text + ": not an Ersatz model file (make one with ersatz train)",
                assertThrows(ModelFileException.class, () -> ModelFile.read(text)).getMessage());
        Path empty = Files.createFile(dir.resolve("empty.ersatz"));
        assertEquals(empty + ": empty file, not a model", assertThrows(ModelFileException.class, () -> ModelFile.read(empty)).getMessage());
        Path missing = dir.resolve("missing.ersatz");
        assertEquals(missing + ": no such file", assertThrows(ModelFileException.class, () -> ModelFile.read(missing)).getMessage());
        assertEquals(dir + ": is a directory, not a model file", assertThrows(ModelFileException.class, () -> ModelFile.read(dir)).getMessage());
    }
}
