package dev.ersatz.bridge.web;

import dev.ersatz.engine.analysis.Raster;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** A {@link Raster} as PNG bytes, through javax.imageio. Any thread. */
final class Png {
    private Png() { }

    static byte[] encode(Raster r) {
        BufferedImage img = new BufferedImage(r.width(), r.height(), BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, r.width(), r.height(), r.rgb(), 0, r.width());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) throw new IllegalStateException("no PNG writer in this Java");
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed: " + e.getMessage(), e);   // in memory: cannot happen
        }
        return out.toByteArray();
    }
}
