package dev.ersatz.bridge.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line arguments: positionals, `--name value` / `--name=value` options and bare flags.
 * A command reads what it knows; {@link #done()} then refuses anything left over, so a typo is an
 * error rather than a silently ignored option.
 */
public final class Args {
    private final String command;
    private final List<String> positionals = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();
    private final List<String> tokens;

    private Args(String command, String[] argv) {
        this.command = command;
        this.tokens = List.of(argv);
    }

    /**
     * @param flags the options that take no value (e.g. "--json"); every other option takes one.
     */
    public static Args parse(String command, String[] argv, Set<String> flags) {
        Args args = new Args(command, argv);
        boolean onlyPositionals = false;
        for (int i = 0; i < argv.length; i++) {
            String s = argv[i];
            if (onlyPositionals || !s.startsWith("-") || s.equals("-") || isNumber(s)) {
                args.positionals.add(s);
            } else if (s.equals("--")) {
                onlyPositionals = true;
            } else {
                String name = s;
                String value = null;
                int eq = s.indexOf('=');
                if (s.startsWith("--") && eq > 0) {
                    name = s.substring(0, eq);
                    value = s.substring(eq + 1);
                }
                if (flags.contains(name) || name.equals("--help") || name.equals("-h")) {
                    if (value != null) throw CliError.usage(command + ": " + name + " takes no value");
                    value = "";
                } else if (value == null) {
                    if (i + 1 >= argv.length) throw CliError.usage(command + ": " + name + " needs a value");
                    value = argv[++i];
                }
                args.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return args;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The command line as given, after the command's name (to start the same command again). */
    public List<String> tokens() { return tokens; }

    public boolean help() { return options.containsKey("--help") || options.containsKey("-h"); }

    public List<String> positionals() { return positionals; }

    public boolean flag(String name) {
        read.add(name);
        return options.containsKey(name);
    }

    /** The last value given for any of the names (e.g. "-o", "--output"), or null. */
    public String string(String... names) {
        String v = null;
        for (String n : names) {
            read.add(n);
            List<String> vs = options.get(n);
            if (vs != null) v = vs.get(vs.size() - 1);
        }
        return v;
    }

    public String string(String name, String fallback) {
        String v = string(name);
        return v == null ? fallback : v;
    }

    public List<String> strings(String name) {
        read.add(name);
        return options.getOrDefault(name, List.of());
    }

    public Path path(String... names) {
        String v = string(names);
        return v == null ? null : Path.of(v);
    }

    public double number(String name, double fallback, double min, double max) {
        String v = string(name);
        if (v == null) return fallback;
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw CliError.usage(command + ": " + name + " wants a number, not '" + v + "'");
        }
        if (!(d >= min && d <= max)) {
            throw CliError.usage(command + ": " + name + " must be between " + trim(min) + " and " + trim(max) + ", not " + v);
        }
        return d;
    }

    public int integer(String name, int fallback, int min, int max) {
        double d = number(name, fallback, min, max);
        if (d != Math.rint(d)) throw CliError.usage(command + ": " + name + " wants a whole number, not " + trim(d));
        return (int) d;
    }

    public long longInteger(String name, long fallback) {
        String v = string(name);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw CliError.usage(command + ": " + name + " wants a whole number, not '" + v + "'");
        }
    }

    /** Refuses options the command did not read, and positionals beyond {@code maxPositionals}. */
    public void done(int minPositionals, int maxPositionals) {
        for (String name : options.keySet()) {
            if (!read.contains(name) && !name.equals("--help") && !name.equals("-h")) {
                throw CliError.usage(command + ": unknown option " + name + " (see ersatz " + command + " --help)");
            }
        }
        if (positionals.size() < minPositionals) {
            throw CliError.usage(command + ": missing argument (see ersatz " + command + " --help)");
        }
        if (positionals.size() > maxPositionals) {
            throw CliError.usage(command + ": unexpected argument '" + positionals.get(maxPositionals) + "'");
        }
    }

    private static String trim(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
