package dev.ersatz.engine.analysis;

/** A picture as packed 0xRRGGBB pixels, row by row from the top; what the studio encodes as PNG. */
public record Raster(int width, int height, int[] rgb) {
    public Raster {
        if (rgb.length != width * height) throw new IllegalArgumentException("rgb holds " + rgb.length + " pixels, not " + width + "×" + height);
    }

    public int get(int x, int y) { return rgb[y * width + x]; }
}
