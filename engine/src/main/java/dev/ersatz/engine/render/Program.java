package dev.ersatz.engine.render;

/**
 * What the instrument plays: material, the generator deciding it, and one ring of decisions per voice.
 * Built whole on a control thread and swapped in with one atomic reference ({@link Instrument#load}).
 */
final class Program {
    final Material material;
    final Generator generator;
    final GeneratorContext context;
    final SegmentRing[] rings;

    Program(Material material, Generator generator, long seed, Instrument instrument, int streams, int ringCapacity) {
        this.material = material;
        this.generator = generator;
        this.context = new GeneratorContext(material, streams, seed, instrument);
        this.rings = new SegmentRing[streams];
        for (int i = 0; i < streams; i++) rings[i] = new SegmentRing(ringCapacity);
        generator.prepare(context);
    }
}
