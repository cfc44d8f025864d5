package dev.ersatz.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real external tools the tests compare against (fpcalc, sox, aubio, jack_*). */
public final class Tools {
    private Tools() { }

    public record Result(int exitCode, String stdout, String stderr) { }

    /** Runs a command to completion within {@code timeoutSeconds}; fails the test if it cannot start or hangs. */
    public static Result run(long timeoutSeconds, String... command) {
        try {
            Path out = Files.createTempFile("ersatz-tool", ".out");
            Path err = Files.createTempFile("ersatz-tool", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out after " + timeoutSeconds + " s: " + List.of(command));
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + " (scripts/test installs it): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Like {@link #run} but fails the test on a non-zero exit, showing stderr. */
    public static String check(long timeoutSeconds, String... command) {
        Result r = run(timeoutSeconds, command);
        if (r.exitCode() != 0) throw new AssertionError(List.of(command) + " exited " + r.exitCode() + ": " + r.stderr());
        return r.stdout();
    }
}
