package dev.ersatz.bridge.jack;

import dev.ersatz.engine.render.EventBuffer;

/**
 * What the backend writes to {@code midi_out} each period: the MIDI events of the period just
 * rendered, at their frame offsets. Called on the JACK thread right after the processor: must not
 * allocate, lock or block.
 */
@FunctionalInterface
public interface MidiOutput {
    EventBuffer events();
}
