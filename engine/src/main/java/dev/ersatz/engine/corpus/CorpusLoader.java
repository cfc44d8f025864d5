package dev.ersatz.engine.corpus;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.Resampler;
import dev.ersatz.engine.util.Progress;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Finds audio files under the paths a user names and decodes them into clips. Runs on a control
 * thread (the caller's); decoding fans out to a small fixed pool of workers, one per core up to two,
 * and results come back in the order of {@link #audioFiles}, whatever order the workers finish in.
 */
public final class CorpusLoader {
    /** Extensions searched for inside directories (lower case). A file named explicitly is read whatever its name. */
    static final Set<String> EXTENSIONS = Set.of("wav", "wave", "aif", "aiff", "aifc", "flac", "ogg", "oga");
    private static final int MAX_WORKERS = 2;

    private CorpusLoader() { }

    /**
     * The audio files the inputs name, in order: a file is taken as it is (whatever its extension);
     * a directory is searched recursively for files with an audio extension (case-insensitive),
     * skipping hidden files and directories, and its files are sorted by path. A file reached twice
     * is listed once.
     *
     * @throws AudioFileException for an input that does not exist ("no such file or directory")
     */
    public static List<Path> audioFiles(List<Path> inputs) throws AudioFileException {
        Set<Path> found = new LinkedHashSet<>();
        for (Path input : inputs) {
            if (!Files.exists(input)) throw new AudioFileException(input, "no such file or directory");
            if (!Files.isDirectory(input)) {
                found.add(input);
                continue;
            }
            List<Path> here = new ArrayList<>();
            try {
                Files.walkFileTree(input, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return !dir.equals(input) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile() && !isHidden(file) && hasAudioExtension(file)) here.add(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        // Unreadable entries and symlink loops: nothing to list there, keep walking.
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new AudioFileException(input, "cannot list directory: " + e.getMessage());
            }
            here.sort(null);
            found.addAll(here);
        }
        return new ArrayList<>(found);
    }

    /**
     * Decodes every audio file the inputs name (see {@link #audioFiles}) and resamples each to
     * {@code targetRate} (0 keeps each file's own rate). A file that cannot be read is reported to
     * {@code skipped} and left out; the rest carry on. {@code skipped} and {@code progress} are
     * called on the caller's thread, in file order. An input that does not exist is reported to
     * {@code skipped} like a bad file ("no such file or directory") and the other inputs are loaded.
     */
    public static List<Clip> load(List<Path> inputs, int targetRate, Consumer<AudioFileException> skipped, Progress progress) {
        if (targetRate < 0) throw new IllegalArgumentException("target rate " + targetRate);
        Set<Path> unique = new LinkedHashSet<>();
        for (Path input : inputs) {
            try {
                unique.addAll(audioFiles(List.of(input)));
            } catch (AudioFileException e) {
                skipped.accept(e);
            }
        }
        List<Path> files = new ArrayList<>(unique);
        List<Clip> clips = new ArrayList<>(files.size());
        if (files.isEmpty()) return clips;
        int workers = Math.max(1, Math.min(MAX_WORKERS, Math.min(files.size(), Runtime.getRuntime().availableProcessors())));
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "ersatz-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Clip>> pending = new ArrayList<>(files.size());
            for (Path f : files) pending.add(pool.submit(() -> decode(f, targetRate)));
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                try {
                    clips.add(pending.get(i).get());
                } catch (ExecutionException e) {
                    skipped.accept(asAudioFileException(f, e.getCause()));
                } catch (InterruptedException e) {
                    // Asked to stop: hand back what is loaded so far.
                    Thread.currentThread().interrupt();
                    break;
                }
                progress.update(i + 1, files.size(), f.getFileName().toString());
            }
        } finally {
            pool.shutdownNow();
        }
        return clips;
    }

    /** Runs on a decode worker. */
    private static Clip decode(Path file, int targetRate) throws AudioFileException {
        AudioData audio = AudioFiles.read(file);
        if (targetRate != 0) audio = Resampler.resample(audio, targetRate);
        return new Clip(file, audio);
    }

    private static AudioFileException asAudioFileException(Path file, Throwable t) {
        if (t instanceof AudioFileException a) return a;
        if (t instanceof OutOfMemoryError) return new AudioFileException(file, "too large to load (out of memory)", t);
        return new AudioFileException(file, "cannot decode: " + t, t);
    }

    private static boolean isHidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    static boolean hasAudioExtension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
