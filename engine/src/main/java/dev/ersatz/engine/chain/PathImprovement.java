package dev.ersatz.engine.chain;

/**
 * Local search on an open path that maximises the sum of adjacent similarities: 2-opt (reverse a
 * stretch, which also covers turning a prefix or suffix round) and Or-opt (move a run of one to
 * three clips elsewhere, either way round). Moves are only tried towards a clip's listed
 * neighbours whose similarity beats an edge the clip already has, which keeps each visit cheap;
 * a queue of clips whose surroundings changed ("don't look bits") decides what is visited next.
 * The budget counts visits, so the result does not depend on the machine's speed.
 */
final class PathImprovement {
    private static final double EPS = 1e-9;

    private final int[] p;
    private final int[] pos;
    private final NeighbourGraph g;
    private final Similarity s;
    private final int width;
    private final int n;
    private final int[] queue;
    private final boolean[] queued;
    private int qHead, qSize;

    PathImprovement(int[] path, NeighbourGraph g, Similarity s, int width) {
        this.p = path;
        this.n = path.length;
        this.pos = new int[n];
        for (int i = 0; i < n; i++) pos[p[i]] = i;
        this.g = g;
        this.s = s;
        this.width = width;
        this.queue = new int[n];
        this.queued = new boolean[n];
        for (int i = 0; i < n; i++) push(p[i]);
    }

    /** Improves the path in place for at most {@code visits} clip visits; returns visits used. */
    long run(long visits) {
        long used = 0;
        while (qSize > 0 && used < visits) {
            int a = pop();
            used++;
            if (improve(a)) push(a);
        }
        return used;
    }

    private void push(int v) {
        if (queued[v]) return;
        queued[v] = true;
        queue[(qHead + qSize) % n] = v;
        qSize++;
    }

    private int pop() {
        int v = queue[qHead];
        qHead = (qHead + 1) % n;
        qSize--;
        queued[v] = false;
        return v;
    }

    private double sim(int a, int b) { return a < 0 || b < 0 ? 0 : s.between(a, b); }

    private int at(int i) { return i < 0 || i >= n ? -1 : p[i]; }

    /** Tries the moves that give {@code a} a better neighbour; applies the first that gains. */
    private boolean improve(int a) {
        int x = pos[a];
        double weakest = Math.min(x > 0 ? sim(p[x - 1], a) : 0, x < n - 1 ? sim(a, p[x + 1]) : 0);
        int[] row = g.ids()[a];
        float[] rs = g.sims()[a];
        int m = Math.min(width, row.length);
        for (int r = 0; r < m; r++) {
            if (rs[r] <= weakest + EPS) break; // sorted: nothing further down can gain
            int c = row[r];
            int y = pos[c];
            if (Math.abs(x - y) == 1) continue; // already adjacent
            // 2-opt: make a and c adjacent by reversing the stretch between them (four ways)
            if (y > x) {
                if (tryReverse(x + 1, y) || tryReverse(x, y - 1)) return true;
            } else {
                if (tryReverse(y + 1, x) || tryReverse(y, x - 1)) return true;
            }
            // Or-opt: move a run starting or ending at a next to c, either side of c
            for (int len = 1; len <= 3; len++) {
                if (tryMoveRun(x, len, c) || tryMoveRun(x - len + 1, len, c)) return true;
            }
        }
        return false;
    }

    /** Reverses p[i..j] if that raises the total. */
    private boolean tryReverse(int i, int j) {
        if (i < 0 || j >= n || i >= j) return false;
        int l = at(i - 1), r = at(j + 1), u = p[i], v = p[j];
        double gain = sim(l, v) + sim(u, r) - sim(l, u) - sim(v, r);
        if (gain <= EPS) return false;
        for (int lo = i, hi = j; lo < hi; lo++, hi--) {
            int t = p[lo]; p[lo] = p[hi]; p[hi] = t;
            pos[p[lo]] = lo; pos[p[hi]] = hi;
        }
        push(u); push(v);
        if (l >= 0) push(l);
        if (r >= 0) push(r);
        return true;
    }

    /**
     * Moves the run p[x..x+len-1] next to clip c (before or after it, whichever way round gains
     * most) if that raises the total.
     */
    private boolean tryMoveRun(int x, int len, int c) {
        if (x < 0 || x + len > n || len >= n - 1) return false;
        int y = pos[c];
        if (y >= x && y < x + len) return false;
        int first = p[x], last = p[x + len - 1];
        int before = at(x - 1), after = at(x + len);
        double removeGain = sim(before, first) + sim(last, after) - sim(before, after);
        // the gap to insert into: (c, succ) or (pred, c), never an edge touching the run
        double bestGain = EPS;
        int bestAfter = -2; // position of the element the run will follow (-1: path start)
        boolean bestReversed = false;
        for (int side = 0; side < 2; side++) {
            int left = side == 0 ? y : y - 1;         // insert between p[left] and p[left+1]
            if (left >= x - 1 && left <= x + len - 1) continue; // gap touches the run
            int lv = at(left), rv = at(left + 1);
            double base = sim(lv, rv);
            double fwd = sim(lv, first) + sim(last, rv) - base;
            double rev = sim(lv, last) + sim(first, rv) - base;
            double gain = Math.max(fwd, rev) - removeGain;
            if (gain > bestGain) {
                bestGain = gain;
                bestAfter = left;
                bestReversed = rev > fwd;
            }
        }
        if (bestAfter == -2) return false;
        int[] run = new int[len];
        for (int q = 0; q < len; q++) run[q] = bestReversed ? p[x + len - 1 - q] : p[x + q];
        int lo, hi;
        if (bestAfter > x) {
            // shift p[x+len..bestAfter] left by len, run lands at bestAfter-len+1..bestAfter
            System.arraycopy(p, x + len, p, x, bestAfter - x - len + 1);
            System.arraycopy(run, 0, p, bestAfter - len + 1, len);
            lo = x; hi = bestAfter;
        } else {
            // shift p[bestAfter+1..x-1] right by len, run lands at bestAfter+1..bestAfter+len
            System.arraycopy(p, bestAfter + 1, p, bestAfter + 1 + len, x - bestAfter - 1);
            System.arraycopy(run, 0, p, bestAfter + 1, len);
            lo = bestAfter + 1; hi = x + len - 1;
        }
        for (int i = lo; i <= hi; i++) pos[p[i]] = i;
        push(first); push(last);
        if (before >= 0) push(before);
        if (after >= 0) push(after);
        push(c);
        return true;
    }
}
