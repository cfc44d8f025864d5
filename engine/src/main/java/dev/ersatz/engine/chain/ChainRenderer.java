package dev.ersatz.engine.chain;

import dev.ersatz.engine.audio.AudioData;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders ordered clips into one piece: each join aligned at {@link Crossfade#bestLag} and made
 * with an equal-power crossfade. Control thread (offline).
 */
public final class ChainRenderer {
    private ChainRenderer() { }

    /**
     * Where one clip ended up: it plays its own samples [start, end) (clip-local, at the render
     * rate) from output frame {@code at}; the first {@code fadeIn} and last {@code fadeOut} of them
     * are shared with its neighbours.
     */
    public record Placement(int start, int end, int at, int fadeIn, int fadeOut) { }

    public record Result(AudioData audio, List<Placement> placements) { }

    /**
     * @param clips    planar clips, all at {@code sampleRate}, in chain order
     * @param fade     crossfade length in frames; shortened at a join where a clip is shorter than 4·fade
     * @param maxLag   the alignment search window either side, in frames
     */
    public static Result render(List<float[][]> clips, int sampleRate, int fade, int maxLag) {
        int n = clips.size();
        if (n == 0) throw new IllegalArgumentException("nothing to render");
        int channels = 0;
        for (float[][] c : clips) channels = Math.max(channels, c.length);
        int[] start = new int[n], end = new int[n], fadeAt = new int[n + 1];
        for (int i = 0; i < n; i++) end[i] = clips.get(i)[0].length;
        float[] prevMono = mono(clips.get(0));
        for (int i = 1; i < n; i++) {
            float[] curMono = mono(clips.get(i));
            int la = prevMono.length, lb = curMono.length;
            // each side of a clip gives at most a quarter of it to a fade and (len - 2f)/4 to
            // alignment, so the two joins of a clip never overlap
            int f = Math.max(0, Math.min(fade, Math.min(la, lb) / 4));
            int w = Math.max(0, Math.min(maxLag, Math.min(la - 2 * f, lb - 2 * f) / 4));
            int lag = Crossfade.bestLag(prevMono, curMono, f, w);
            end[i - 1] = la - Math.max(lag, 0);
            start[i] = Math.max(-lag, 0);
            fadeAt[i] = f;
            prevMono = curMono;
        }
        long total = 0;
        int[] at = new int[n];
        for (int i = 0; i < n; i++) {
            at[i] = (int) (total - fadeAt[i]);
            total = at[i] + (long) (end[i] - start[i]);
        }
        if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("chain too long for one file");
        float[][] out = new float[channels][(int) total];
        List<Placement> placements = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[][] c = clips.get(i);
            int len = end[i] - start[i];
            int fin = fadeAt[i], fout = fadeAt[i + 1];
            for (int ch = 0; ch < channels; ch++) {
                float[] src = c[Math.min(ch, c.length - 1)];
                float[] dst = out[ch];
                for (int k = 0; k < len; k++) {
                    float g = 1f;
                    if (k < fin) g = Crossfade.gainIn(k, fin);
                    else if (k >= len - fout) g = Crossfade.gainOut(k - (len - fout), fout);
                    dst[at[i] + k] += g * src[start[i] + k];
                }
            }
            placements.add(new Placement(start[i], end[i], at[i], fin, fout));
        }
        return new Result(new AudioData(out, sampleRate), placements);
    }

    private static float[] mono(float[][] c) {
        return new AudioData(c, 1).mono();
    }
}
