package dev.ersatz.engine.analysis.fingerprint;

import dev.ersatz.engine.testing.Tools;
import java.nio.file.Path;

/** What the real fpcalc says about a file: {@code fpcalc -raw -length 0} (whole file). */
record FpcalcReference(long duration, int[] raw) {

    static FpcalcReference of(Path file) {
        // fpcalc 1.5.1 with FFmpeg 5 reports the decoder's end of file as an error and exits 3 after
        // printing its result; anything else non-zero is a real failure.
        Tools.Result r = Tools.run(120, "fpcalc", "-raw", "-length", "0", file.toString());
        if (r.exitCode() != 0 && r.exitCode() != 3) throw new AssertionError("fpcalc exited " + r.exitCode() + ": " + r.stderr());
        String out = r.stdout();
        long duration = -1;
        int[] raw = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("DURATION=")) duration = Long.parseLong(line.substring(9).trim());
            if (line.startsWith("FINGERPRINT=")) {
                String[] parts = line.substring(12).trim().split(",");
                raw = new int[parts.length];
                for (int i = 0; i < parts.length; i++) raw[i] = Integer.parseUnsignedInt(parts[i]);
            }
        }
        if (duration < 0 || raw == null) throw new AssertionError("unexpected fpcalc output: " + out);
        return new FpcalcReference(duration, raw);
    }

    /** Fraction of equal bits over the items both have (aligned at item 0). */
    static double bitAgreement(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        if (n == 0) return 0;
        long diff = 0;
        for (int i = 0; i < n; i++) diff += Integer.bitCount(a[i] ^ b[i]);
        return 1.0 - diff / (32.0 * n);
    }
}
