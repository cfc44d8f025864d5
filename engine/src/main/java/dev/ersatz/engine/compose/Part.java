package dev.ersatz.engine.compose;

import java.util.Locale;

/**
 * The parts a composition is made of, as the seed split its EDM drops: bass c0–c1, arp c2–c5,
 * lead c6–c8. Octave names are those of Ableton Live and Yamaha (middle C, MIDI 60, is C3), so
 * bass is MIDI 24–47 (and anything lower), arp 48–95, lead 96–127.
 */
public enum Part {
    LEAD(96, 127, 0),
    ARP(48, 95, 1),
    BASS(0, 47, 2);

    /** Lowest and highest pitch of the part's range, inclusive. */
    public final int low;
    public final int high;
    /** The MIDI channel (0-based) a composition writes it on. */
    public final int channel;

    Part(int low, int high, int channel) {
        this.low = low;
        this.high = high;
        this.channel = channel;
    }

    public String id() { return name().toLowerCase(Locale.ROOT); }

    public boolean holds(int pitch) { return pitch >= low && pitch <= high; }

    public static Part of(int pitch) {
        for (Part p : values()) if (p.holds(pitch)) return p;
        throw new IllegalArgumentException("pitch " + pitch);
    }

    /** The part named {@code id} ("lead", "arp", "bass"), or null. */
    public static Part named(String id) {
        for (Part p : values()) if (p.id().equals(id)) return p;
        return null;
    }
}
