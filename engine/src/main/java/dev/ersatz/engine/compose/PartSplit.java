package dev.ersatz.engine.compose;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How a file's notes are split into parts. {@code auto} keeps each track and channel whole (a
 * voice) and gives it to the part whose range holds its median pitch: a bass track stays a bass
 * line even where it climbs. A list of parts ({@code lead,arp,bass} or a subset) splits every note by
 * its pitch range instead and learns only the parts named.
 */
public record PartSplit(boolean byTrack, Set<Part> parts) {
    public static PartSplit auto() { return new PartSplit(true, EnumSet.allOf(Part.class)); }

    /**
     * Parses what {@code --parts} takes: "auto", or part names separated by commas.
     * @throws IllegalArgumentException with a one-line reason
     */
    public static PartSplit parse(String spec) {
        if (spec.equals("auto")) return auto();
        EnumSet<Part> set = EnumSet.noneOf(Part.class);
        for (String s : spec.split(",", -1)) {
            Part p = Part.named(s.trim());
            if (p == null) throw new IllegalArgumentException("unknown part '" + s.trim() + "' (parts are lead, arp and bass, or auto)");
            set.add(p);
        }
        return new PartSplit(false, set);
    }

    public String spec() {
        if (byTrack) return "auto";
        List<String> s = new ArrayList<>();
        for (Part p : parts) s.add(p.id());
        return String.join(",", s);
    }

    /** The note sequences of one voice for {@code part}: the voice whole, its notes in range, or none. */
    public List<Piece.Note> notes(Piece.Voice v, Part part) {
        if (byTrack) return Part.of(v.medianPitch()) == part ? v.notes() : List.of();
        if (!parts.contains(part)) return List.of();
        return v.notes().stream().filter(n -> part.holds(n.pitch())).toList();
    }
}
