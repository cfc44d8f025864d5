package dev.ersatz.bridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/**
 * How option values become numbers: a decimal number (1e3 and 48000.0 are whole numbers too), with
 * the message the command line gives for anything else ("--seconds wants a number, not 'x'").
 */
public final class Numbers {
    private Numbers() { }

    /** Registers the converters on {@code cl} and every command under it (call once the tree is built). */
    public static void register(CommandLine cl) {
        cl.registerConverter(Double.class, Numbers::decimal).registerConverter(Double.TYPE, Numbers::decimal);
        cl.registerConverter(Integer.class, Numbers::integer).registerConverter(Integer.TYPE, Numbers::integer);
        cl.registerConverter(Long.class, Numbers::longInteger).registerConverter(Long.TYPE, Numbers::longInteger);
    }

    static double decimal(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("wants a number, not '" + v + "'");
        }
    }

    static int integer(String v) {
        double d = decimal(v);
        if (d != Math.rint(d)) throw new TypeConversionException("wants a whole number, not " + v);
        if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) throw new TypeConversionException("is out of range, not " + v);
        return (int) d;
    }

    static long longInteger(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("wants a whole number, not '" + v + "'");
        }
    }
}
