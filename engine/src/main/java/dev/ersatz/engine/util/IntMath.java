package dev.ersatz.engine.util;

/** Integer arithmetic the JDK lacks. */
public final class IntMath {
    private IntMath() { }

    /** Greatest common divisor (Euclid); gcd(a, 0) = a. */
    public static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    public static int gcd(int a, int b) { return (int) gcd((long) a, (long) b); }
}
