package dev.ersatz.engine.render;

/**
 * One block's events, each with its sample offset inside the block, kept sorted by offset (stable:
 * equal offsets keep arrival order). Preallocated struct-of-arrays so the audio thread can fill and
 * read it without allocating; events beyond capacity are dropped and counted.
 */
public final class EventBuffer {
    public static final int MIDI = 0;
    public static final int PARAM = 1;
    /** A parameter that follows the tempo from here on at {@code value} beats (NaN: no longer follows). */
    public static final int SYNC = 2;

    private final int[] offset;
    private final int[] kind;
    private final int[] a;     // MIDI: status byte; PARAM: parameter index
    private final int[] b;     // MIDI: data1
    private final int[] c;     // MIDI: data2
    private final float[] value; // PARAM: value in the parameter's own units; SYNC: beats
    private int size;
    private long dropped;

    public EventBuffer(int capacity) {
        offset = new int[capacity];
        kind = new int[capacity];
        a = new int[capacity];
        b = new int[capacity];
        c = new int[capacity];
        value = new float[capacity];
    }

    public void clear() { size = 0; }

    public int size() { return size; }

    public int capacity() { return offset.length; }

    /** Events that did not fit since construction. */
    public long dropped() { return dropped; }

    public boolean addMidi(int sampleOffset, int status, int data1, int data2) {
        int i = slot(sampleOffset);
        if (i < 0) return false;
        kind[i] = MIDI; a[i] = status & 0xFF; b[i] = data1 & 0x7F; c[i] = data2 & 0x7F; value[i] = 0f;
        return true;
    }

    public boolean addParam(int sampleOffset, int paramIndex, float v) {
        int i = slot(sampleOffset);
        if (i < 0) return false;
        kind[i] = PARAM; a[i] = paramIndex; b[i] = 0; c[i] = 0; value[i] = v;
        return true;
    }

    /** A {@link #SYNC} event: parameter {@code paramIndex} follows the tempo at {@code beats} (NaN: stops following). */
    public boolean addSync(int sampleOffset, int paramIndex, float beats) {
        int i = slot(sampleOffset);
        if (i < 0) return false;
        kind[i] = SYNC; a[i] = paramIndex; b[i] = 0; c[i] = 0; value[i] = beats;
        return true;
    }

    /** Adds an event of any kind, as {@code kind}, {@code a..c} and {@code v} hold it (see the accessors). */
    public boolean add(int sampleOffset, int eventKind, int a, int b, int c, float v) {
        return switch (eventKind) {
            case MIDI -> addMidi(sampleOffset, a, b, c);
            case PARAM -> addParam(sampleOffset, a, v);
            default -> addSync(sampleOffset, a, v);
        };
    }

    /** Opens a slot at the sorted position for this offset, shifting later events up. */
    private int slot(int sampleOffset) {
        if (size == offset.length) { dropped++; return -1; }
        int i = size;
        while (i > 0 && offset[i - 1] > sampleOffset) {
            offset[i] = offset[i - 1]; kind[i] = kind[i - 1]; a[i] = a[i - 1];
            b[i] = b[i - 1]; c[i] = c[i - 1]; value[i] = value[i - 1];
            i--;
        }
        offset[i] = sampleOffset;
        size++;
        return i;
    }

    public int offset(int i) { return offset[i]; }
    public int kind(int i) { return kind[i]; }
    /** MIDI status byte (channel in the low nibble). */
    public int status(int i) { return a[i]; }
    public int data1(int i) { return b[i]; }
    public int data2(int i) { return c[i]; }
    /** PARAM, SYNC: the parameter's index in its {@code ParameterSet}. */
    public int param(int i) { return a[i]; }
    public float value(int i) { return value[i]; }
}
