package dev.ersatz.engine.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurationStoreTest {
    @TempDir Path dir;

    @Test
    void curationOutlivesTheStoreAndIsKeyedByContent() throws Exception {
        Path db = dir.resolve("curation.mv.db");
        Curation c = Curation.checked(List.of(" doom  riff ", "breakdown in 6/8", "doom riff"), 120.5, false, "two thirds go");
        assertEquals(List.of("doom riff", "breakdown in 6/8"), c.tags());
        try (CurationStore s = CurationStore.open(db)) {
            s.put("abc", c);
            assertEquals(Curation.NONE, s.get("other"));
        }
        try (CurationStore s = CurationStore.open(db)) {
            assertEquals(c, s.get("abc"));
            assertEquals(1, s.all().size());
            s.put("abc", Curation.NONE);   // back to nothing: the entry goes
            assertTrue(s.all().isEmpty());
        }
    }

    @Test
    void badEditsAreRefusedWithTheReason() {
        assertEquals("tempo must be a number of BPM between 20 and 400",
                assertThrows(Curation.Invalid.class, () -> Curation.checked(List.of(), 1000, null, "")).getMessage());
        assertThrows(Curation.Invalid.class, () -> Curation.checked(List.of("a,b"), null, null, ""));
        assertThrows(Curation.Invalid.class, () -> Curation.checked(List.of(3), null, null, ""));
        assertThrows(Curation.Invalid.class, () -> Curation.checked(List.of(), null, "yes", ""));
        assertThrows(Curation.Invalid.class, () -> Curation.checked(List.of(), null, null, "x".repeat(Curation.MAX_NOTE + 1)));
    }

    @Test
    void aStoreThatCannotBeOpenedNamesItsFile() throws Exception {
        Path notADb = dir.resolve("junk.mv.db");
        Files.writeString(notADb, "this is not an MVStore file, it is long enough to have a header ".repeat(100));
        String m = assertThrows(java.io.IOException.class, () -> CurationStore.open(notADb)).getMessage();
        assertTrue(m.startsWith(notADb + ": cannot open the curation database"), m);
    }
}
