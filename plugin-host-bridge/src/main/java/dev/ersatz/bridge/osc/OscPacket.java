package dev.ersatz.bridge.osc;

import java.util.List;

/** An OSC 1.0 packet: a message or a bundle of packets with a time tag. */
public sealed interface OscPacket permits OscPacket.Message, OscPacket.Bundle {

    /**
     * A message. Arguments are Integer (i), Float (f), String (s, S), byte[] (b), Long (h), Double
     * (d), Character (c), Boolean (T, F), null (N), {@link OscPacket#IMPULSE} (I) and {@link TimeTag} (t).
     */
    record Message(String address, List<Object> args) implements OscPacket {
        public Message {
            args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args)); // nulls allowed (N)
        }

        public Message(String address, Object... args) { this(address, java.util.Arrays.asList(args)); }
    }

    record Bundle(TimeTag time, List<OscPacket> packets) implements OscPacket {
        public Bundle {
            packets = List.copyOf(packets);
        }
    }

    /** An NTP time tag: seconds since 1900 in the high 32 bits, fraction in the low 32; 1 means "now". */
    record TimeTag(long bits) {
        public static final TimeTag IMMEDIATELY = new TimeTag(1);
        private static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;

        public boolean immediate() { return bits == 1; }

        /** The time as milliseconds since 1970. */
        public long epochMillis() {
            long secs = bits >>> 32;
            long frac = bits & 0xFFFF_FFFFL;
            return (secs - NTP_TO_UNIX_SECONDS) * 1000 + ((frac * 1000 + (1L << 31)) >>> 32);
        }

        /** The time as microseconds since 1970 (a tag's fraction is 233 ps: rounded to the microsecond). */
        public long epochMicros() {
            long secs = bits >>> 32;
            long frac = bits & 0xFFFF_FFFFL;
            return (secs - NTP_TO_UNIX_SECONDS) * 1_000_000 + ((frac * 1_000_000 + (1L << 31)) >>> 32);
        }

        public static TimeTag ofEpochMicros(long micros) {
            long secs = Math.floorDiv(micros, 1_000_000) + NTP_TO_UNIX_SECONDS;
            long frac = ((long) Math.floorMod(micros, 1_000_000L) << 32) / 1_000_000;
            return new TimeTag((secs << 32) | frac);
        }

        public static TimeTag ofEpochMillis(long millis) {
            long secs = Math.floorDiv(millis, 1000) + NTP_TO_UNIX_SECONDS;
            long frac = ((long) Math.floorMod(millis, 1000L) << 32) / 1000;
            return new TimeTag((secs << 32) | frac);
        }
    }

    /** The I (impulse / infinitum) argument. */
    Object IMPULSE = new Object() {
        @Override public String toString() { return "IMPULSE"; }
    };
}
