package dev.ersatz.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ersatz studio`'s refusals, each one line (the serving itself: web.StudioServerTest, web.StudioBrowserTest). */
class StudioCommandTest {
    @TempDir Path dir;

    @Test
    void aMissingFolderIsOneLine() {
        Path missing = dir.resolve("nowhere");
        CliRun r = CliRun.of("studio", missing.toString(), "--cache", dir.resolve("c").toString(), "--db", dir.resolve("db").toString());
        assertEquals(1, r.code());
        assertEquals("ersatz: " + missing + ": not a folder (the studio opens folders of samples or bounces)\n", r.err());
    }

    @Test
    void aPortInUseIsOneLine() throws Exception {
        Files.createDirectories(dir.resolve("corpus"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun r = CliRun.of("studio", dir.resolve("corpus").toString(), "--port", String.valueOf(taken.getLocalPort()),
                    "--cache", dir.resolve("c").toString(), "--db", dir.resolve("db").toString());
            assertEquals(1, r.code());
            assertTrue(r.err().startsWith("ersatz: studio: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " ("), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    @Test
    void aPortOutOfRangeIsAUsageMistake() {
        CliRun r = CliRun.of("studio", dir.toString(), "--port", "70000");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--port"), r.err());
    }

    @Test
    void aMalformedLiveLinkIsAUsageMistake() {
        for (String bad : List.of("nine", "127.0.0.1:0", "127.0.0.1:70000", ":9000")) {
            CliRun r = CliRun.of("studio", dir.toString(), "--live", bad, "--cache", dir.resolve("c").toString(), "--db", dir.resolve("db").toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().startsWith("ersatz: studio: --live wants HOST:PORT"), r.err());
            assertTrue(r.err().contains("'" + bad + "'"), r.err());
        }
    }
}
