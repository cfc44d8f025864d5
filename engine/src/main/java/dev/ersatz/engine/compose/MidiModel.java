package dev.ersatz.engine.compose;

import dev.ersatz.engine.model.NeuralModel;
import dev.ersatz.engine.util.Progress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A learned MIDI model: one {@link PartModel} per part that had notes, the tempo and bar length the
 * training files mostly had, and which files it learned (name and notes). Immutable.
 */
public final class MidiModel {
    public record Source(String file, int notes) { }

    /** The network's size and training by default (learn-midi --neural): seconds on one core. */
    public static final int DEFAULT_HIDDEN = 32;
    public static final int DEFAULT_EPOCHS = 4;

    private final Map<Part, PartModel> parts;
    private final double bpm;
    private final int barSteps;
    private final PartSplit split;
    private final List<Source> sources;

    public MidiModel(Map<Part, PartModel> parts, double bpm, int barSteps, PartSplit split, List<Source> sources) {
        if (parts.isEmpty()) throw new IllegalArgumentException("a model needs a part");
        this.parts = new EnumMap<>(parts);
        this.bpm = bpm;
        this.barSteps = barSteps;
        this.split = split;
        this.sources = List.copyOf(sources);
    }

    /**
     * Learns from pieces already read. Control thread.
     * @throws IllegalArgumentException when no part has a note (e.g. --parts lead on bass lines)
     */
    public static MidiModel learn(List<Piece> pieces, PartSplit split, int order, Progress progress) {
        Map<Part, PartModel> parts = new EnumMap<>(Part.class);
        int done = 0;
        for (Part part : Part.values()) {
            List<List<Piece.Note>> voices = new ArrayList<>();
            List<Integer> bars = new ArrayList<>();
            for (Piece p : pieces) {
                for (Piece.Voice v : p.voices()) {
                    List<Piece.Note> n = split.notes(v, part);
                    if (!n.isEmpty()) {
                        voices.add(n);
                        bars.add(p.barSteps());
                    }
                }
            }
            if (!voices.isEmpty()) parts.put(part, PartModel.learn(part, voices, bars, order));
            progress.update(++done, Part.values().length, part.id());
        }
        if (parts.isEmpty()) throw new IllegalArgumentException("no notes in the parts asked for (" + split.spec() + ")");
        List<Source> sources = new ArrayList<>();
        List<Double> tempi = new ArrayList<>();
        Map<Integer, Integer> barVotes = new HashMap<>();
        for (Piece p : pieces) {
            sources.add(new Source(p.file().getFileName().toString(), p.notes()));
            tempi.add(p.bpm());
            barVotes.merge(p.barSteps(), p.notes(), Integer::sum);
        }
        tempi.sort(null);
        int bar = barVotes.entrySet().stream().max(Map.Entry.<Integer, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey((a, b) -> Integer.compare(b, a)))).orElseThrow().getKey();
        return new MidiModel(parts, tempi.get(tempi.size() / 2), bar, split, sources);
    }

    /**
     * This model with a GRU trained for every part ({@link PartModel#withTrainedNetwork}), each from
     * its own seed. {@code epochs} are the largest part's; a smaller part gets as many updates, in
     * more epochs (its batches are cheaper: its vocabulary, the output layer, is smaller), so it is
     * not left half trained. Control thread.
     */
    public MidiModel withNetworks(int hidden, int epochs, long seed, Progress progress) {
        Map<Part, PartModel> trained = new EnumMap<>(Part.class);
        int most = 0;
        for (PartModel pm : parts.values()) most = Math.max(most, NeuralModel.batchesPerEpoch(pm.phrases()));
        long total = 0, done = 0;
        for (PartModel pm : parts.values()) total += (long) epochs * most * pm.vocabulary().size();
        for (Map.Entry<Part, PartModel> e : parts.entrySet()) {
            PartModel pm = e.getValue();
            int own = (int) Math.ceil(epochs * (double) most / NeuralModel.batchesPerEpoch(pm.phrases()));
            long from = done, of = (long) epochs * most * pm.vocabulary().size(), all = total;
            Progress part = (d, t, label) -> progress.update(from + (t == 0 ? 0 : d * of / t), all, e.getKey().id() + ": " + label);
            trained.put(e.getKey(), pm.withTrainedNetwork(hidden, own, seed * 31 + e.getKey().ordinal(), part));
            done += of;
        }
        return new MidiModel(trained, bpm, barSteps, split, sources);
    }

    /** Whether every part has a network (learnt with --neural). */
    public boolean neural() { return parts.values().stream().allMatch(p -> p.network() != null); }

    public Map<Part, PartModel> parts() { return parts; }

    public PartModel part(Part p) { return parts.get(p); }

    /** The median of the training files' dominant tempi. */
    public double bpm() { return bpm; }

    /** The bar length (grid steps) most of the training notes were in. */
    public int barSteps() { return barSteps; }

    public PartSplit split() { return split; }

    public List<Source> sources() { return sources; }

    /** The longest context the parts use (a part with a large vocabulary may use less). */
    public int order() { return parts.values().stream().mapToInt(p -> p.markov().order()).max().orElse(1); }

    public int notes() { return parts.values().stream().mapToInt(PartModel::notes).sum(); }
}
