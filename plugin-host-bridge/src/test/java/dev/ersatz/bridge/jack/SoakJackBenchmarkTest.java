package dev.ersatz.bridge.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * `ersatz bench soak` for 0.2 minutes: its two jackd, `ersatz run --compose --self --status-every`
 * beside jack_simple_client, and rows with every field (figures printed, never timed).
 */
class SoakJackBenchmarkTest {
    static final String ROW = "\\s*\\d+\\.\\d s\\s+\\d+/\\d+\\s+\\d+/\\d+(\\s+\\d+){3}\\s+(\\d+\\.\\d MiB|no GC yet)\\s+\\d+\\s+\\d+\\.\\d MiB\\s+\\d+\\.\\d MiB\\s+-?\\d+";

    @Test
    void runsForAFewRowsWithEveryFieldAndAVerdict() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"bench", "soak", "--minutes", "0.2", "--every", "2"},
                new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false));
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.print(text); // kept in the surefire report
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8) + text);
        List<String> lines = text.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("elapsed ")).findFirst().orElseThrow(() -> new AssertionError(text)));
        int end = lines.indexOf("start and end:");
        List<String> rows = lines.subList(header + 1, end);
        // 12 s in rows of 2 s: the start row and about six more
        assertTrue(rows.size() >= 5, "rows: " + text);
        for (String r : rows) assertTrue(r.matches(ROW), "a row with every field: '" + r + "'\n" + text);
        String last = rows.get(rows.size() - 1);
        String[] f = last.trim().split("\\s+");
        assertEquals("0", f[5], "generator underruns: " + last);
        assertTrue(Long.parseLong(f[6]) >= 1, "the composer started phrases: " + last);
        assertTrue(last.matches(".*\\s[1-9]\\d*\\.\\d MiB\\s+-?\\d+$"), "an RSS: " + last);
        assertEquals(List.of(rows.get(0), last), lines.subList(end + 1, end + 3), "start and end rows");
        assertTrue(lines.get(end + 3).startsWith("verdict: "), text);
        assertTrue(lines.get(end + 4).matches("after the soak, a full GC \\(jcmd \\d+ GC.run\\): heap after GC \\d+\\.\\d MiB \\([1-9]\\d* collections\\), RSS \\d+\\.\\d MiB"), text);
        assertTrue(text.contains("jack_simple_client") && text.contains("--compose") && text.contains("--self"), text);
    }

    @Test
    void readsTheRunsStatusLineAndCountsEachClientsXrunsInTheJackdLog() {
        Map<String, String> s = SoakJackBenchmark.StatusReader.parse(
                "status elapsed=2.0 xruns=1 underruns=0 voices=3 phrases=2 load=1.5 heap_after_gc=-1 gcs=0 heap_used=1024 jack_thread_bytes=792");
        assertEquals("1", s.get("xruns"));
        assertEquals("-1", s.get("heap_after_gc"));
        assertEquals("792", s.get("jack_thread_bytes"));
        assertNull(SoakJackBenchmark.StatusReader.parse("ersatz: playing x as JACK client 'ersatz-soak'"));
        String log = """
                JackEngine::XRun: client = jack_transport was not finished, state = Triggered
                JackEngine::XRun: client = ersatz-soak was not finished, state = Triggered
                JackAudioDriver::ProcessGraphAsyncMaster: Process error
                JackTimedDriver::Process XRun = 20 usec
                JackEngine::XRun: client = ersatz-soak was not finished, state = Running
                """;
        assertEquals(new SoakJackBenchmark.Xruns(2, 1), SoakJackBenchmark.Xruns.of(log, "ersatz-soak"), "one cycle names both late clients");
        assertEquals(new SoakJackBenchmark.Xruns(3, 1), SoakJackBenchmark.Xruns.of(log, null));
    }
}
