package dev.ersatz.engine.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClipMapTest {
    /** Two well-separated clusters in 20 dimensions, interleaved in the input order. */
    static double[][] clusters(int n, long seed) {
        Random rnd = new Random(seed);
        double[][] x = new double[n][20];
        for (int i = 0; i < n; i++) for (int j = 0; j < 20; j++) x[i][j] = (i % 2 == 0 ? 5 : -5) * (j < 10 ? 1 : 0.2) + rnd.nextGaussian();
        return x;
    }

    @Test
    void everyClipGetsItsOwnCellOnANearSquareGrid() {
        for (int n : new int[] {0, 1, 2, 7, 30, 101}) {
            ClipMap.Layout l = ClipMap.layout(clusters(n, n));
            assertEquals(ClipMap.columnsFor(n), l.columns());
            assertTrue(l.columns() * l.rows() >= n && l.columns() * (l.rows() - 1) < Math.max(1, n), n + " clips");
            Set<Integer> cells = new HashSet<>();
            for (int c : l.cell()) {
                assertTrue(c >= 0 && c < Math.max(1, l.columns() * l.rows()));
                assertTrue(cells.add(c), "cell " + c + " taken twice");
            }
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(ClipMap.Method.class)
    void similarClipsSitTogether(ClipMap.Method method) {
        // The clusters split in the plane: each fills its own side of every row, so a clip's left and
        // right neighbours are mostly of its own kind.
        int n = 100;
        ClipMap.Layout l = ClipMap.layout(clusters(n, 3), method);
        int[] kindAt = new int[l.columns() * l.rows()];
        java.util.Arrays.fill(kindAt, -1);
        for (int i = 0; i < n; i++) kindAt[l.cell()[i]] = i % 2;
        int same = 0, pairs = 0;
        for (int c = 0; c + 1 < kindAt.length; c++) {
            if ((c + 1) % l.columns() == 0 || kindAt[c] < 0 || kindAt[c + 1] < 0) continue;
            pairs++;
            if (kindAt[c] == kindAt[c + 1]) same++;
        }
        assertTrue(same >= 0.85 * pairs, same + " of " + pairs + " horizontal neighbours alike");
    }

    @Test
    void theSameInputGivesTheSameMap() {
        assertArrayEquals(ClipMap.layout(clusters(50, 9)).cell(), ClipMap.layout(clusters(50, 9)).cell());
    }

    @Test
    void projectionFindsTheDirectionOfLargestVariance() {
        // Points along (1, 1, 0) with small noise: the first component is that direction.
        Random rnd = new Random(4);
        double[][] x = new double[200][3];
        for (double[] r : x) { double t = rnd.nextGaussian() * 10; r[0] = t + rnd.nextGaussian() * 0.1; r[1] = t + rnd.nextGaussian() * 0.1; r[2] = rnd.nextGaussian() * 0.1; }
        double[][] z = ClipMap.standardise(x);
        double[][] p = ClipMap.project(z, 2);
        double varFirst = 0, varSecond = 0;
        for (double[] r : p) { varFirst += r[0] * r[0]; varSecond += r[1] * r[1]; }
        assertTrue(varFirst > 1.9 * 199 && varSecond < 1.1 * 199, varFirst / 199 + ", " + varSecond / 199);
    }
}
