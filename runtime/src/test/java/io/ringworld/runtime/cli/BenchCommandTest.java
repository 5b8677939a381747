package io.ringworld.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ringworld bench --start}: a real cluster of node processes (one switch, one replica set:
 * the smallest, to keep the build short), one measured second per run; every run served
 * operations, the results folder holds the summary CSV with a row per run, the per-run series, the
 * HdrHistogram log and two real PNG images; bad options exit 2 naming them.
 */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void aStartedClusterIsMeasuredAndTheResultsFolderWritten() throws Exception {
        Path results = dir.resolve("results");
        CliRun r = CliRun.of("bench", "--start", "--switches", "1", "--replica-sets", "1", "--workload", "append,read,tail",
                "--window", "4", "--seconds", "1", "--warmup-seconds", "0", "--jit-warmup-seconds", "1", "--fill", "50", "--seed", "7", "--out", results.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("durability: fsync"), r.out());
        List<String> rows = Files.readAllLines(results.resolve("summary.csv"));
        assertEquals(4, rows.size(), "a header and three runs: " + rows);
        for (String row : rows.subList(1, 4)) {
            String[] f = row.split(",");
            assertTrue(Long.parseLong(f[13]) > 0, "the run served operations: " + row);
            assertEquals(21, f.length, "frames, messages, CPU, JIT and GC counted from the nodes' metrics: " + row);
            assertTrue(Double.parseDouble(f[18]) > 0 && Double.parseDouble(f[19]) >= 0 && Double.parseDouble(f[20]) >= 0,
                    "the nodes used CPU during the run: " + row);
        }
        // An append is at least its 3 Writes, 3 WriteAcks and the answer, sent by the nodes; batch
        // frames carry several messages each, so there are at least as many messages as frames.
        String[] append = rows.get(1).split(",");
        double appendFrames = Double.parseDouble(append[16]);
        double appendMessages = Double.parseDouble(append[17]);
        assertTrue(appendMessages >= 7 && appendMessages < 1_000, "messages per append: " + rows.get(1));
        assertTrue(appendFrames > 0 && appendFrames <= appendMessages, "frames per append: " + rows.get(1));
        assertTrue(r.out().contains("frames/op") && r.out().contains("msgs/op"), r.out());
        assertTrue(r.out().contains("append-w4: the nodes used ") && r.out().contains("JIT compilers were busy"), r.out());
        // The cluster's data is deleted at the end (benches left behind once filled the disk); its logs stay.
        java.util.regex.Matcher started = java.util.regex.Pattern.compile("node processes in (\\S+) ").matcher(r.out());
        assertTrue(started.find(), r.out());
        java.nio.file.Path clusterDir = java.nio.file.Path.of(started.group(1));
        assertTrue(!Files.exists(clusterDir.resolve("data")) && Files.isDirectory(clusterDir.resolve("logs")),
                "data deleted, logs kept in " + clusterDir);
        assertTrue(Files.readString(results.resolve("latency.hlog")).contains("Tag=append,"), "interval histograms per run");
        assertTrue(Files.exists(results.resolve("throughput-tail-w4.csv")));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        for (String image : new String[] {"latency-vs-throughput.png", "throughput-over-time.png"}) {
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(results.resolve(image)), 4);
            assertArrayEquals(png, head, image + " is a PNG");
        }
        assertEquals(2, CliRun.of("bench", "--start", "--workload", "appnd").exit());
        assertTrue(CliRun.of("bench", "--start", "--workload", "appnd").err().contains("no workload 'appnd'"));
        assertEquals(2, CliRun.of("bench", "--start", "--window", "0").exit());
        assertEquals(2, CliRun.of("bench", "--start", "--jit-warmup-seconds", "-1").exit());
        assertEquals(2, CliRun.of("bench", "--workload", "append").exit(), "neither --cluster nor --start");
        CliRun pageCacheOnARunningCluster = CliRun.of("bench", "--cluster", "x.yaml", "--page-cache");
        assertEquals(2, pageCacheOnARunningCluster.exit());
        assertTrue(pageCacheOnARunningCluster.err().contains("--page-cache and --node-jvm-option need --start"), pageCacheOnARunningCluster.err());
    }

    /** Every figure of the UNSAFE page-cache mode says so, in capitals: each table row, each CSV row, each plot's title. */
    @Test
    void pageCacheFiguresAreMarkedEverywhere() throws Exception {
        org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(3);
        h.recordValue(2_000_000);
        io.ringworld.runtime.bench.RunResult r = new io.ringworld.runtime.bench.RunResult(io.ringworld.runtime.bench.Workload.APPEND,
                1, 8, 1024, 1.0, h, List.of(1L), 1, 0, 0);
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        io.ringworld.runtime.bench.BenchReport.printTable(List.of(r, r), io.ringworld.runtime.bench.BenchReport.PAGE_CACHE,
                new PrintStream(table, true, StandardCharsets.UTF_8));
        List<String> lines = table.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).contains("PAGE-CACHE: APPENDS ACKNOWLEDGED BEFORE THEIR FSYNC"), lines.get(0));
        assertTrue(lines.get(2).endsWith("PAGE-CACHE") && lines.get(3).endsWith("PAGE-CACHE"), lines.toString());
        io.ringworld.runtime.bench.BenchReport.write(List.of(r), io.ringworld.runtime.bench.BenchReport.PAGE_CACHE, dir);
        assertTrue(Files.readAllLines(dir.resolve("summary.csv")).get(1).contains(",PAGE-CACHE,"));
    }

    /** The scrape parser sums a metric over its tag sets, and says -1 for a metric that is not there. */
    @Test
    void theNodeTotalsSumEverySeriesOfAMetric() {
        String scrape = String.join("\n",
                "# HELP ringworld_frames_out_total frames sent",
                "ringworld_frames_out_total{node=\"s0-0\",role=\"server\"} 120.0",
                "ringworld_messages_out_total{node=\"s0-0\",role=\"server\"} 480.0",
                "ringworld_messages_out_total_extra 7.0",
                "process_cpu_time_ns_total{node=\"s0-0\",role=\"server\"} 2.5E9",
                "jvm_compilation_time_ms_total{compiler=\"HotSpot 64-Bit Tiered Compilers\",node=\"s0-0\"} 1500.0",
                "jvm_gc_pause_seconds_sum{action=\"end of minor GC\",cause=\"Allocation Failure\",gc=\"Copy\"} 0.25",
                "jvm_gc_pause_seconds_sum{action=\"end of major GC\",cause=\"Allocation Failure\",gc=\"MarkSweepCompact\"} 0.75",
                "jvm_gc_pause_seconds_count{gc=\"Copy\"} 9.0");
        assertArrayEquals(new double[] {120, 480, 2.5e9, 1500, 1.0}, BenchCluster.sums(scrape), 1e-9);
        double[] none = BenchCluster.sums("ringworld_frames_out_total 3.0\n");
        assertEquals(-1, none[1], "no messages counter: unknown");
        assertEquals(0, none[4], "no GC pause yet: zero");
    }
}
