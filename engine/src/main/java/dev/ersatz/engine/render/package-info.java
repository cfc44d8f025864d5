/**
 * The real-time engine: processors, voices, parameters, events and the lock-free primitives between
 * threads (shared/DESIGN.md, "Threads").
 *
 * <h2>Backends (JACK, the offline renderer)</h2>
 * Control thread: {@code Instrument in = new Instrument(); in.load(material, generator, seed);}
 * then {@link dev.ersatz.engine.render.Processor#configure configure(new AudioConfig(rate, maxFrames, 2))}
 * (again, outside the process cycle, on a rate or buffer-size change). Audio thread, each period:
 * {@code in.transport().update(frame, rolling, bbt, bpm, beatsPerBar, barBeat)}, fill a preallocated {@link
 * dev.ersatz.engine.render.EventBuffer} with the period's MIDI at its frame offsets ({@code addMidi}),
 * then {@code in.process(events, outputs, frames)}. Report {@code in.latencyFrames()} as latency.
 * Control thread at the end: {@code in.shutdown()}.
 *
 * <h2>Control threads (MIDI devices, OSC, presets)</h2>
 * {@code in.sendMidi(frame | ControlQueue.ASAP, status, d1, d2)}, {@code in.setParameter(id, value)},
 * {@code in.setCcMap(CcMap.defaults().with(74, "density"))}, {@code in.load(...)} for a new corpus or
 * model. Read back with {@code parameter(id)}, {@code voicesSounding()}, {@code underruns()},
 * {@code lastController()} (MIDI learn), {@code ccMap()}.
 *
 * <h2>Generators</h2>
 * Implement {@link dev.ersatz.engine.render.Generator}: {@code next(stream, ctx, segment)} runs on the
 * worker thread and fills one {@link dev.ersatz.engine.render.Segment} decision (clip, start, length,
 * hop, rate, gain, pan) for one voice stream; read temperature and other parameters, the transport
 * and the stream's last note through {@link dev.ersatz.engine.render.GeneratorContext}, and draw
 * randomness only from {@code ctx.random(stream)} so bounces are deterministic. A decision can be a
 * join ({@code segment.join(overlap, Segment.EQUAL_POWER)}, with {@code Segment.TO_END} for a whole
 * clip): the next decision starts {@code overlap} frames before it ends and the two cross-fade over
 * exactly those frames. Decisions are made ahead, so a note reaches them late; to act on a note at
 * its frame, say ahead where each note on a stream starts ({@code ctx.steer(stream, note, clip)}):
 * the voice starts there and skips the decisions made before the note (the chain does this).
 */
package dev.ersatz.engine.render;
