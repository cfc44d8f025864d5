package dev.ersatz.bridge.cli;

/**
 * The ranges of numeric options, which picocli leaves to the command: a value outside is a usage
 * mistake that names the command and the option ("bounce: --temperature must be between 0 and 4, not 9").
 */
public final class OptionRange {
    private OptionRange() { }

    public static double check(String command, String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw CliError.usage(command + ": " + option + " must be between " + text(min) + " and " + text(max) + ", not " + text(value));
        }
        return value;
    }

    public static int check(String command, String option, int value, int min, int max) {
        check(command, option, (double) value, min, max);
        return value;
    }

    static String text(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
