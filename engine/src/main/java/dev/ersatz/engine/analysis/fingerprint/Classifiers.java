package dev.ersatz.engine.analysis.fingerprint;

/**
 * The 16 classifiers of Chromaprint's default algorithm (TEST2, fpcalc's "-algorithm 2"): each a
 * Haar-like filter over a window of the chroma image (rows = time, columns = the 12 bands) compared
 * as log(1 + a) - log(1 + b), quantised by three thresholds into 0..3 and Gray-coded into 2 bits; the
 * first classifier lands in the top bits. The image is summed the way Chromaprint 1.5's rolling
 * integral image sums it (running sum along the row, plus the row above), so the areas carry the
 * same rounding. Runs on the calling thread.
 */
final class Classifiers {
    /** {type, band (y), bands (height), rows (width)} per classifier, as fingerprinter_configuration.cpp lists them. */
    private static final int[][] FILTERS = {
        {0, 4, 3, 15}, {4, 4, 6, 15}, {1, 0, 4, 16}, {3, 8, 2, 12},
        {3, 4, 4, 8}, {4, 0, 3, 5}, {1, 2, 2, 9}, {2, 7, 3, 4},
        {2, 6, 2, 16}, {2, 1, 3, 2}, {5, 10, 1, 15}, {3, 6, 2, 10},
        {2, 1, 1, 14}, {3, 5, 6, 4}, {1, 9, 2, 12}, {3, 4, 2, 14},
    };
    private static final double[][] THRESHOLDS = {
        {1.98215, 2.35817, 2.63523}, {-1.03809, -0.651211, -0.282167}, {-0.298702, 0.119262, 0.558497},
        {-0.105439, 0.0153946, 0.135898}, {-0.142891, 0.0258736, 0.200632}, {-0.826319, -0.590612, -0.368214},
        {-0.557409, -0.233035, 0.0534525}, {-0.0646826, 0.00620476, 0.0784847}, {-0.192387, -0.029699, 0.215855},
        {-0.0397818, -0.00568076, 0.0292026}, {-0.53823, -0.369934, -0.190235}, {-0.124877, 0.0296483, 0.139239},
        {-0.101475, 0.0225617, 0.231971}, {-0.0799915, -0.00729616, 0.063262}, {-0.272556, 0.019424, 0.302559},
        {-0.164292, -0.0321188, 0.0846339},
    };
    private static final int[] GRAY = {0, 1, 3, 2};
    /** The widest filter: a fingerprint item needs this many image rows. */
    static final int MAX_WIDTH = 16;

    private Classifiers() { }

    /** Fingerprint items for an image of rows x 12 (row-major): rows - 15 of them. */
    static int[] fingerprint(double[] image, int rows) {
        int items = rows - MAX_WIDTH + 1;
        if (items <= 0) return new int[0];
        int w = ChromaImage.BANDS;
        double[] integral = new double[rows * w];
        for (int r = 0; r < rows; r++) {
            int base = r * w;
            double run = 0;
            for (int c = 0; c < w; c++) {
                run += image[base + c];
                integral[base + c] = run;
            }
            if (r > 0) {
                for (int c = 0; c < w; c++) integral[base + c] = integral[base - w + c] + integral[base + c];
            }
        }
        int[] out = new int[items];
        for (int x = 0; x < items; x++) {
            int bits = 0;
            for (int k = 0; k < FILTERS.length; k++) {
                double v = apply(integral, FILTERS[k], x);
                double[] t = THRESHOLDS[k];
                int q = v < t[1] ? (v < t[0] ? 0 : 1) : (v < t[2] ? 2 : 3);
                bits = (bits << 2) | GRAY[q];
            }
            out[x] = bits;
        }
        return out;
    }

    private static double apply(double[] ii, int[] f, int x) {
        int y = f[1], h = f[2], w = f[3];
        double a, b;
        switch (f[0]) {
            case 0 -> {
                a = area(ii, x, y, x + w, y + h);
                b = 0;
            }
            case 1 -> {
                int h2 = h / 2;
                a = area(ii, x, y + h2, x + w, y + h);
                b = area(ii, x, y, x + w, y + h2);
            }
            case 2 -> {
                int w2 = w / 2;
                a = area(ii, x + w2, y, x + w, y + h);
                b = area(ii, x, y, x + w2, y + h);
            }
            case 3 -> {
                int w2 = w / 2, h2 = h / 2;
                a = area(ii, x, y + h2, x + w2, y + h) + area(ii, x + w2, y, x + w, y + h2);
                b = area(ii, x, y, x + w2, y + h2) + area(ii, x + w2, y + h2, x + w, y + h);
            }
            case 4 -> {
                int h3 = h / 3;
                a = area(ii, x, y + h3, x + w, y + 2 * h3);
                b = area(ii, x, y, x + w, y + h3) + area(ii, x, y + 2 * h3, x + w, y + h);
            }
            default -> {
                int w3 = w / 3;
                a = area(ii, x + w3, y, x + 2 * w3, y + h);
                b = area(ii, x, y, x + w3, y + h) + area(ii, x + 2 * w3, y, x + w, y + h);
            }
        }
        return Math.log(1.0 + a) - Math.log(1.0 + b);
    }

    /** Sum over rows [r1, r2) and bands [c1, c2), with Chromaprint's order of operations. */
    private static double area(double[] ii, int r1, int c1, int r2, int c2) {
        if (r1 == r2 || c1 == c2) return 0.0;
        int w = ChromaImage.BANDS;
        int row2 = (r2 - 1) * w;
        if (r1 == 0) {
            return c1 == 0 ? ii[row2 + c2 - 1] : ii[row2 + c2 - 1] - ii[row2 + c1 - 1];
        }
        int row1 = (r1 - 1) * w;
        if (c1 == 0) return ii[row2 + c2 - 1] - ii[row1 + c2 - 1];
        return ii[row2 + c2 - 1] - ii[row1 + c2 - 1] - ii[row2 + c1 - 1] + ii[row1 + c1 - 1];
    }
}
