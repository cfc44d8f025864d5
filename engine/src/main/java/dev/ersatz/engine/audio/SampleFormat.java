package dev.ersatz.engine.audio;

/** How samples are stored in a file we write. */
public enum SampleFormat {
    PCM_16(16), PCM_24(24), FLOAT_32(32);

    public final int bits;

    SampleFormat(int bits) { this.bits = bits; }

    /** "16", "24", "32f"/"float" as the command line spells them. */
    public static SampleFormat parse(String s) {
        return switch (s) {
            case "16" -> PCM_16;
            case "24" -> PCM_24;
            case "32f", "float", "f32", "32" -> FLOAT_32;
            default -> throw new IllegalArgumentException("unknown sample format '" + s + "' (16, 24 or 32f)");
        };
    }
}
