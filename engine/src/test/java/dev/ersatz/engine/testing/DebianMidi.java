package dev.ersatz.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Real MIDI compositions that Debian packages ship, as test material, fetched and cached the way
 * {@link DebianSamples} fetches sample packs ({@code apt-get download} + {@code dpkg -x} into
 * {@code ~/.cache/ersatz/debian-samples/PACKAGE}). The package used is {@code openttd-openmsx}:
 * OpenMSX, the free music set of OpenTTD, 31 compositions (type 0 and 1 files, several
 * instruments a piece, tempo maps; blues, ragtime, boogie, marches, ballads) by several composers.
 * A test is skipped only when the package cannot be downloaded at all (no network, no apt).
 */
public final class DebianMidi {
    public static final String PACKAGE = "openttd-openmsx";

    private DebianMidi() { }

    /** The folder of OpenMSX's .mid files. */
    public static Path openMsx() {
        Path root;
        try {
            root = DebianSamples.unpacked(PACKAGE);
        } catch (AssertionError e) {
            if (e.getMessage() != null && e.getMessage().startsWith("apt-get download")) {
                Assumptions.abort("cannot fetch " + PACKAGE + ": " + e.getMessage());
            }
            throw e;
        }
        return root.resolve("usr/share/games/openttd/baseset/openmsx");
    }

    /**
     * A model of OpenMSX's first {@code pieces} compositions (sorted by name), split by track, order
     * 3: a small real model for the live composer's tests.
     */
    public static dev.ersatz.engine.compose.MidiModel openMsxModel(int pieces) {
        List<Path> files = midiFiles(openMsx());
        try {
            return dev.ersatz.engine.compose.MidiModel.learn(
                    dev.ersatz.engine.compose.MidiLearner.read(files.subList(0, Math.min(pieces, files.size())), e -> { }, dev.ersatz.engine.util.Progress.NONE),
                    dev.ersatz.engine.compose.PartSplit.auto(), 3, dev.ersatz.engine.util.Progress.NONE);
        } catch (Exception e) {
            throw new AssertionError("cannot learn OpenMSX: " + e.getMessage(), e);
        }
    }

    /** The .mid files directly in {@code dir}, sorted. */
    public static List<Path> midiFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".mid")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
