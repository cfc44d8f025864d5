package dev.ersatz.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.testing.DebianSamples;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The single-window path (plain Java, live input units) gives the batch path's figures (ND4J, the corpus), and allocates nothing. */
class GrainDescriberTest {
    @Test
    void oneWindowAtATimeGivesTheBatchsDescriptorsWithoutAllocating() throws Exception {
        AudioData loop = AudioFiles.read(DebianSamples.sonicPi().resolve("loop_amen.flac"));
        float[] x = loop.mono();
        int size = 2048, count = 200;
        GrainDescriber d = new GrainDescriber(size, loop.sampleRate());
        int[] clips = new int[count], starts = new int[count];
        for (int i = 0; i < count; i++) starts[i] = i * (x.length - size) / count + (i == count - 1 ? size : 0); // the last runs past the end: zeros
        float[] batch = d.describe(new float[][] {x}, clips, starts, 0, count);
        float[] one = new float[GrainDescriber.DIMS];
        double worst = 0;
        for (int g = 0; g < count; g++) {
            d.describeOne(x, starts[g], one);
            for (int k = 0; k < GrainDescriber.DIMS; k++) {
                double b = batch[g * GrainDescriber.DIMS + k];
                worst = Math.max(worst, Math.abs(one[k] - b) / Math.max(1, Math.abs(b)));
            }
        }
        System.out.printf("describeOne against describe over %d windows of a real loop: largest difference %.2e (relative)%n", count, worst);
        assertEquals(0, worst, 1e-4, "the same figures, float rounding apart");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) d.describeOne(x, i % (x.length - size), one); // warm
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 5_000; i++) d.describeOne(x, (i * 97) % (x.length - size), one);
        assertEquals(0, mx.getCurrentThreadAllocatedBytes() - before, "bytes allocated by 5,000 describeOne calls");
    }
}
