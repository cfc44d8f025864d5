package dev.ersatz.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Real recordings that Debian packages ship, as test material: a package is fetched once with
 * {@code apt-get download}, unpacked with {@code dpkg -x} and kept in
 * {@code ~/.cache/ersatz/debian-samples/PACKAGE} (override with -Dersatz.samples.cache=DIR), so later
 * runs read the cache. Packages used: {@code lmms-common} (LMMS's sample pack: drum, bass and synth
 * loops, string pads, drum-machine one-shots), {@code hydrogen-drumkits} (acoustic kits: one-shots
 * with long decays and silent tails) and {@code sonic-pi-samples} (Sonic Pi's pack: drum and synth
 * loops cut to whole beats, ambient drones, hums and swooshes).
 */
public final class DebianSamples {
    private DebianSamples() { }

    /** The unpacked tree of {@code pkg}, fetched on first use. Fails the test when it cannot be had. */
    public static synchronized Path unpacked(String pkg) {
        Path cache = Path.of(System.getProperty("ersatz.samples.cache",
                System.getProperty("user.home") + "/.cache/ersatz/debian-samples"));
        Path root = cache.resolve(pkg);
        Path done = root.resolve(".unpacked");
        if (Files.exists(done)) return root;
        try {
            Path work = Files.createDirectories(cache.resolve(pkg + ".download"));
            Tools.Result r = Tools.run(600, "sh", "-c", "cd '" + work + "' && rm -f *.deb && apt-get download " + pkg);
            if (r.exitCode() != 0) {
                // A machine whose package lists were never fetched knows no package yet.
                Tools.run(600, "sh", "-c", "apt-get update -qq || sudo apt-get update -qq");
                r = Tools.run(600, "sh", "-c", "cd '" + work + "' && apt-get download " + pkg);
            }
            if (r.exitCode() != 0) throw new AssertionError("apt-get download " + pkg + " failed: " + r.stderr());
            Path deb;
            try (Stream<Path> s = Files.list(work)) {
                deb = s.filter(p -> p.toString().endsWith(".deb")).findFirst().orElseThrow(() -> new AssertionError("no .deb for " + pkg));
            }
            Files.createDirectories(root);
            Tools.Result x = Tools.run(600, "dpkg", "-x", deb.toString(), root.toString());
            if (x.exitCode() != 0) throw new AssertionError("dpkg -x " + deb + " failed: " + x.stderr());
            Files.delete(deb);
            Files.writeString(done, pkg + "\n");
            return root;
        } catch (IOException e) {
            throw new AssertionError("cannot unpack " + pkg + " into " + root + ": " + e.getMessage(), e);
        }
    }

    /** Folders of LMMS's sample pack, e.g. "beats", "drums", "stringsnpads". */
    public static Path lmms(String folder) { return unpacked("lmms-common").resolve("usr/share/lmms/samples").resolve(folder); }

    /** A Hydrogen drum kit, e.g. "ColomboAcousticDrumkit". */
    public static Path hydrogenKit(String kit) { return unpacked("hydrogen-drumkits").resolve("usr/share/hydrogen/data/drumkits").resolve(kit); }

    /** Sonic Pi's sample folder (flat: loop_*, ambi_*, bd_*, ...). */
    public static Path sonicPi() { return unpacked("sonic-pi-samples").resolve("usr/share/sonic-pi/samples"); }

    /** The audio files directly in {@code dir}, sorted. */
    public static List<Path> audioFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().matches(".*\\.(ogg|flac|wav)$")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
