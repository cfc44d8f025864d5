package dev.ersatz.engine.preset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Resolves a relative path against a folder and refuses anything that would leave it: absolute
 * paths, {@code ..} segments, and symbolic links that point outside. Preset references and the
 * preset names that arrive over OSC both go through here, so no input can reach outside the folder.
 */
public final class ContainedPath {
    private ContainedPath() { }

    /** Why a path was refused; the message is the reason alone. */
    public static final class Refused extends Exception {
        public Refused(String reason) { super(reason); }
    }

    /** The path {@code relative} inside {@code folder}, or Refused with the reason. */
    public static Path resolve(Path folder, String relative) throws Refused {
        if (relative == null || relative.isEmpty()) throw new Refused("empty path");
        if (relative.indexOf('\0') >= 0) throw new Refused("NUL in path");
        if (relative.startsWith("/") || relative.startsWith("\\") || relative.startsWith("~") || relative.matches("^[A-Za-z]:.*")) {
            throw new Refused("absolute path '" + relative + "' (paths are relative to the preset's folder)");
        }
        for (String seg : relative.split("[/\\\\]")) {
            if (seg.equals("..")) throw new Refused("'" + relative + "' leaves the preset's folder (..)");
        }
        Path rel;
        try {
            rel = Path.of(relative);
        } catch (InvalidPathException e) {
            throw new Refused("bad path '" + relative + "'");
        }
        if (rel.isAbsolute()) throw new Refused("absolute path '" + relative + "'");
        Path base = folder.toAbsolutePath().normalize();
        Path p = base.resolve(rel).normalize();
        if (!p.startsWith(base)) throw new Refused("'" + relative + "' leaves the preset's folder");
        // Symbolic links: compare real paths of the deepest part that exists.
        try {
            Path realBase = Files.exists(base) ? base.toRealPath() : base;
            Path existing = p;
            while (existing != null && !Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
            if (existing != null && existing.startsWith(base)) {
                if (Files.isSymbolicLink(existing) && !Files.exists(existing)) {
                    throw new Refused("'" + relative + "' is a dangling symbolic link");
                }
                Path real = existing.toRealPath();
                if (!real.startsWith(realBase)) throw new Refused("'" + relative + "' leads outside the preset's folder through a symbolic link");
            }
        } catch (IOException e) {
            throw new Refused("cannot resolve '" + relative + "': " + e.getMessage());
        }
        return p;
    }
}
