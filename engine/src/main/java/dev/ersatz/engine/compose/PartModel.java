package dev.ersatz.engine.compose;

import dev.ersatz.engine.model.MarkovModel;
import dev.ersatz.engine.model.NeuralModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the composer knows of one part: the distinct notes seen (its vocabulary, in order of first
 * appearance), the training phrases as indices into it, and a variable-order Markov model over them
 * (engine.model's, with Witten-Bell back-off to shorter contexts), and with {@code --neural} a GRU
 * over the same notes ({@link #network}). Built on a control thread;
 * immutable, so any thread may compose from it.
 */
public final class PartModel {
    /** The longest context, in notes, by default. */
    public static final int DEFAULT_ORDER = 3;
    public static final int MAX_ORDER = 8;

    private final Part part;
    private final List<NoteEvent> vocabulary;
    private final List<int[]> phrases;
    private final MarkovModel markov;
    private final NeuralModel network;

    /** @param order the longest context, in notes; lowered when the vocabulary leaves no room for it */
    public PartModel(Part part, List<NoteEvent> vocabulary, List<int[]> phrases, int order) {
        this(part, vocabulary, phrases, order, null);
    }

    private PartModel(PartModel m, NeuralModel network) {
        if (network != null && network.tokens() != m.vocabulary.size()) {
            throw new IllegalArgumentException("a network of " + network.tokens() + " notes for a part of " + m.vocabulary.size());
        }
        this.part = m.part;
        this.vocabulary = m.vocabulary;
        this.phrases = m.phrases;
        this.markov = m.markov;
        this.network = network;
    }

    private PartModel(Part part, List<NoteEvent> vocabulary, List<int[]> phrases, int order, NeuralModel network) {
        if (order < 1 || order > MAX_ORDER) throw new IllegalArgumentException("order " + order);
        if (vocabulary.isEmpty()) throw new IllegalArgumentException("no notes for " + part.id());
        this.part = part;
        this.vocabulary = List.copyOf(vocabulary);
        this.phrases = List.copyOf(phrases);
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, vocabulary.size() - 1));
        this.markov = new MarkovModel(vocabulary.size(), Math.max(1, Math.min(order, 56 / Math.max(1, bits))), phrases);
        this.network = network;
    }

    /**
     * Trains the part's GRU (engine.model's {@link NeuralModel}, the audio model's network) over its
     * phrases, each note going in as its {@link NoteFeatures}. Control thread; seconds.
     */
    public PartModel withTrainedNetwork(int hidden, int epochs, long seed, dev.ersatz.engine.util.Progress progress) {
        return new PartModel(this, NeuralModel.train(phrases, vocabulary.size(), NoteFeatures.of(vocabulary), hidden, epochs, seed, progress));
    }

    /** This part with a network read back from a file ({@link NeuralModel#weightArrays}), or none. */
    public PartModel withNetwork(int hidden, float[][] weights) {
        return new PartModel(this, weights == null ? null : NeuralModel.of(vocabulary.size(), hidden, NoteFeatures.of(vocabulary), weights));
    }

    /** The part's network, or null (learnt without --neural). */
    public NeuralModel network() { return network; }

    /** Builds the vocabulary and phrases from the notes of each voice (one list per voice). */
    public static PartModel learn(Part part, List<List<Piece.Note>> voices, List<Integer> barSteps, int order) {
        Map<NoteEvent, Integer> ids = new HashMap<>();
        List<NoteEvent> vocab = new ArrayList<>();
        List<int[]> phrases = new ArrayList<>();
        for (int v = 0; v < voices.size(); v++) {
            int bar = barSteps.get(v);
            List<Integer> phrase = new ArrayList<>();
            long prev = -1;
            for (Piece.Note n : voices.get(v)) {
                long shift = prev < 0 ? n.onset() % bar : n.onset() - prev;
                if (shift > Grid.MAX_SHIFT) {
                    // A long rest ends the phrase; the next begins at its bar line.
                    if (!phrase.isEmpty()) phrases.add(toArray(phrase));
                    phrase.clear();
                    shift = n.onset() % bar;
                }
                NoteEvent e = new NoteEvent((int) shift, n.duration(), n.pitch(), n.velocity(), (int) (n.onset() % bar));
                Integer id = ids.get(e);
                if (id == null) {
                    id = vocab.size();
                    ids.put(e, id);
                    vocab.add(e);
                }
                phrase.add(id);
                prev = n.onset();
            }
            if (!phrase.isEmpty()) phrases.add(toArray(phrase));
        }
        return new PartModel(part, vocab, phrases, order);
    }

    private static int[] toArray(List<Integer> l) { return l.stream().mapToInt(Integer::intValue).toArray(); }

    public Part part() { return part; }

    public List<NoteEvent> vocabulary() { return vocabulary; }

    public NoteEvent note(int id) { return vocabulary.get(id); }

    /** The training phrases, each as note ids (read-only arrays by convention). */
    public List<int[]> phrases() { return phrases; }

    public MarkovModel markov() { return markov; }

    public int notes() { return phrases.stream().mapToInt(p -> p.length).sum(); }
}
