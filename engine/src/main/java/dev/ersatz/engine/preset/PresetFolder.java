package dev.ersatz.engine.preset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A folder of presets: program change N selects the N-th file ({@code *.json}, sorted by name,
 * the schema excluded), and names that arrive from outside (OSC) are resolved only inside it.
 * Control thread.
 */
public final class PresetFolder {
    private final Path dir;

    public PresetFolder(Path dir) { this.dir = dir.toAbsolutePath().normalize(); }

    public Path dir() { return dir; }

    /** The preset files, sorted by file name; the program-change order. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".json") && !n.endsWith(".schema.json") && !n.startsWith(".") && Files.isRegularFile(p);
                    })
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        }
    }

    /** The preset for MIDI program {@code program} (0-based), or null when the folder has fewer. */
    public Path forProgram(int program) throws IOException {
        List<Path> all = list();
        return program >= 0 && program < all.size() ? all.get(program) : null;
    }

    /**
     * The file for a preset name given from outside ("dense" or "dense.json"): a plain file name,
     * no separators, no leading dot, inside this folder. Refused otherwise.
     */
    public Path resolveName(String name) throws ContainedPath.Refused {
        if (name == null || name.isEmpty()) throw new ContainedPath.Refused("empty preset name");
        if (name.length() > 100) throw new ContainedPath.Refused("preset name longer than 100 characters");
        if (!name.matches("[A-Za-z0-9_][A-Za-z0-9 _.+-]*")) {
            throw new ContainedPath.Refused("preset name '" + printable(name) + "' may hold only letters, digits, space and _ . + -");
        }
        if (name.contains("..")) throw new ContainedPath.Refused("preset name '" + name + "' contains ..");
        String file = name.toLowerCase(Locale.ROOT).endsWith(".json") ? name : name + ".json";
        return ContainedPath.resolve(dir, file);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (sb.length() > 60) { sb.append("..."); break; }
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
