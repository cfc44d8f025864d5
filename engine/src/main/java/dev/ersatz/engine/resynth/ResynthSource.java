package dev.ersatz.engine.resynth;

import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.util.Progress;
import java.util.List;

/**
 * What resynthesis plays: the corpus cut into described units and the neighbour index over them.
 * Built on a control thread (describing a corpus takes a while; it reports progress), then handed
 * to a {@link ResynthProcessor} whole; immutable after that.
 */
public record ResynthSource(CorpusUnits units, UnitIndex index) {
    /** Units of {@code clips} (all at {@code rate}) at most {@code maxUnitFrames} long, indexed with {@code seed}. */
    public static ResynthSource of(List<Clip> clips, int rate, int maxUnitFrames, long seed, Progress progress) {
        CorpusUnits u = CorpusUnits.of(clips, rate, maxUnitFrames, progress);
        if (u.count() == 0) throw new IllegalArgumentException("the corpus has no sound to resynthesize with (every file silent)");
        return new ResynthSource(u, new UnitIndex(u.descriptors, u.count(), CorpusUnits.DIMS, UnitIndex.DEFAULT_TREES, seed));
    }

    public int rate() { return units.rate; }
}
