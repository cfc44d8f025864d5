package dev.ersatz.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.testing.Signals;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data-sharing archive for `fingerprint`: made by the first run, used by the
 * next (few classes then come from jars), remade when it is damaged, and never changing what the
 * command prints. The launcher runs in a copy of the checkout's layout whose build stamp is fresh,
 * with the module's classes and this test's class path as jars, so it does not build.
 */
class LauncherArchiveTest {
    @TempDir Path dir;

    private record Run(int code, String out, String err) { }

    @Test
    void fingerprintMakesItsArchiveOnceThenStartsFromItAndRemakesADamagedOne() throws Exception {
        Path home = layout();
        Path target = home.resolve("plugin-host-bridge/target");
        Path jsa = target.resolve("ersatz-short.jsa"), size = target.resolve("ersatz-short.jsa.size");
        Path work = Files.createDirectories(dir.resolve("work"));
        Path song = work.resolve("song.wav");
        float[][] ch = {Signals.music(44100 * 8, 44100, 3), Signals.music(44100 * 8, 44100, 4)};
        WavWriter.write(song, new AudioData(ch, 44100), SampleFormat.PCM_16);
        String expected = inProcess("fingerprint", song.toString(), "--raw");

        Run first = launcher(home, work, Map.of(), "fingerprint", song.toString(), "--raw");
        assertEquals(0, first.code(), first.err());
        assertEquals(expected, first.out());
        assertTrue(Files.isRegularFile(jsa), "the first run writes the archive: " + first.err());
        assertEquals(Long.toString(Files.size(jsa)), Files.readString(size).strip());

        long withArchive = classesFromJars(home, work, Map.of(), song, expected);
        long without = classesFromJars(home, work, Map.of("ERSATZ_CDS", "0"), song, expected);
        assertTrue(withArchive < 100, withArchive + " classes loaded from jars with the archive");
        assertTrue(without > 300, without + " classes loaded from jars without it");

        // A truncated archive would crash the JVM if it were mapped: the launcher must not use it, and makes it again.
        jsa.toFile().setWritable(true);
        try (var ch2 = java.nio.channels.FileChannel.open(jsa, java.nio.file.StandardOpenOption.WRITE)) { ch2.truncate(100_000); }
        Run damaged = launcher(home, work, Map.of(), "fingerprint", song.toString(), "--raw");
        assertEquals(0, damaged.code(), damaged.err());
        assertEquals(expected, damaged.out());
        assertEquals(Long.toString(Files.size(jsa)), Files.readString(size).strip());
        assertTrue(Files.size(jsa) > 100_000, "the archive is made again");
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(song), left.toList(), "no crash logs or class lists left where the user ran it");
        }
    }

    /** Classes a run loads from jars, not from the JDK's or our archive, checking the output on the way. */
    private long classesFromJars(Path home, Path work, Map<String, String> env, Path song, String expected) throws Exception {
        Path log = dir.resolve("classes-" + env.size() + ".log");
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("ERSATZ_JAVA_OPTS", "-Xlog:class+load:file=" + log);
        Run r = launcher(home, work, all, "fingerprint", song.toString(), "--raw");
        assertEquals(0, r.code(), r.err());
        assertEquals(expected, r.out());
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("class,load") && !l.contains("shared objects file")).count();
        }
    }

    private static String inProcess(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(argv, new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The launcher and what it looks at: empty source folders and poms older than a fresh build
     * stamp, the module's classes as its jar (and as target/classes), and every other class path entry
     * as a jar in target/lib.
     */
    private Path layout() throws IOException {
        Path home = dir.resolve("checkout");
        Path script = Path.of("").toAbsolutePath().getParent().resolve("ersatz");
        Files.createDirectories(home);
        Files.copy(script, home.resolve("ersatz"));
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        for (String d : List.of("engine/src/main", "plugin-host-bridge/src/main", "plugin-host-bridge/src/test/java")) {
            Files.setLastModifiedTime(Files.createDirectories(home.resolve(d)), old);
        }
        for (String f : List.of("pom.xml", "engine/pom.xml", "plugin-host-bridge/pom.xml")) {
            Files.setLastModifiedTime(Files.writeString(home.resolve(f), ""), old);
        }
        Path target = Files.createDirectories(home.resolve("plugin-host-bridge/target"));
        Path lib = Files.createDirectories(target.resolve("lib"));
        Path classes = Path.of("target/classes").toAbsolutePath();
        jar(classes, target.resolve("ersatz-plugin-host-bridge-test.jar"));
        Files.createSymbolicLink(target.resolve("classes"), classes); // the other commands' class path
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (p.equals(classes) || p.endsWith("test-classes")) continue;
            if (Files.isDirectory(p)) jar(p, lib.resolve("dir-" + n++ + ".jar"));
            else if (entry.endsWith(".jar") && Files.isRegularFile(p)) Files.createSymbolicLink(lib.resolve(n++ + "-" + p.getFileName()), p);
        }
        Files.writeString(target.resolve(".ersatz-built"), "");
        return home;
    }

    private static void jar(Path root, Path jar) throws IOException {
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o); Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                j.putNextEntry(new JarEntry(root.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
    }

    private static Run launcher(Path home, Path work, Map<String, String> env, String... args) throws Exception {
        Path out = Files.createTempFile(work.getParent(), "out", ".txt"), err = Files.createTempFile(work.getParent(), "err", ".txt");
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", home.resolve("ersatz").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("ERSATZ_JAVA_OPTS");
        pb.environment().remove("ERSATZ_CDS");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish in 120 s: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
