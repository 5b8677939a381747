package io.ringworld.runtime.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A bench's results folder: {@code summary.csv} (one row per run), {@code throughput-RUN.csv}
 * (operations per measured second), and two PNG plots drawn by JFreeChart: latency (p50 and p99)
 * against throughput, one line per workload across the windows run, and throughput over time, one
 * line per run. The HdrHistogram interval log ({@code latency.hlog}) is written while the runs go.
 */
public final class BenchReport {
    public static final String DURABILITY = "fsync: each append acknowledged after the group commit's fsync covering it on"
            + " a majority of its replica set";
    /** The UNSAFE mode's name, printed in capitals with every figure it produced. */
    public static final String PAGE_CACHE = "PAGE-CACHE: APPENDS ACKNOWLEDGED BEFORE THEIR FSYNC (UNSAFE, --page-cache)";

    private BenchReport() {
    }

    /** A counted figure with two decimals, or {@code none} if it was not counted (NaN). */
    private static String orNone(double value, String none) {
        return Double.isNaN(value) ? none : String.format(Locale.ROOT, "%.2f", value);
    }

    /** The run's name in file names and legends: workload and window. */
    static String name(RunResult r) {
        return r.workload().cliName + "-w" + r.window();
    }

    public static void printTable(List<RunResult> runs, String durability, PrintStream out) {
        boolean unsafe = durability.equals(PAGE_CACHE);
        out.println("durability: " + durability);
        out.printf("%-16s %7s %7s %12s %9s %9s %9s %9s %9s %9s %7s %7s %9s %9s%n", "run", "clients", "bytes", "ops/s", "p50 ms",
                "p90 ms", "p99 ms", "p99.9 ms", "max ms", "ok", "failed", "unknown", "frames/op", "msgs/op");
        for (RunResult r : runs) {
            out.printf("%-16s %7d %7d %,12.0f %9.2f %9.2f %9.2f %9.2f %9.2f %,9d %7d %7d %9s %9s%s%n", name(r), r.clients(),
                    r.payloadBytes(), r.opsPerSecond(), r.millis(50), r.millis(90), r.millis(99), r.millis(99.9), r.maxMillis(),
                    r.ok(), r.failed(), r.unknown(), orNone(r.framesPerOp(), "-"), orNone(r.messagesPerOp(), "-"),
                    unsafe ? "  PAGE-CACHE" : "");
        }
        out.println("frames/op, msgs/op: frames and kernel messages every node sent during the measured seconds (their"
                + " ringworld_frames_out_total and ringworld_messages_out_total), per completed operation: the protocol's"
                + " messages, the token's share and the answers; a batch frame carries several messages");
        int cores = Runtime.getRuntime().availableProcessors();
        for (RunResult r : runs) {
            if (!Double.isNaN(r.nodeCpuSeconds())) {
                // What else ran on the cores the run was measured on: a JVM still compiling, or
                // collecting, measures itself as much as the log.
                out.printf(Locale.ROOT, "%s: the nodes used %.1f s of CPU in %.1f s (%.0f%% of %d cores); their JIT"
                        + " compilers were busy %.1f s (elapsed, summed over compiler threads), GC paused them %.2f s%n",
                        name(r), r.nodeCpuSeconds(), r.seconds(),
                        100 * r.nodeCpuSeconds() / (r.seconds() * cores), cores, r.jitSeconds(), r.gcPauseSeconds());
            }
        }
    }

    public static void write(List<RunResult> runs, String durability, Path dir) throws IOException {
        String mode = durability.equals(PAGE_CACHE) ? "PAGE-CACHE" : "fsync";
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("run,workload,clients,window,payload_bytes,durability,seconds,ops_per_s,p50_ms,p90_ms,"
                + "p99_ms,p999_ms,max_ms,ok,failed,unknown,frames_per_op,messages_per_op,node_cpu_s,jit_s,gc_pause_s\n");
        for (RunResult r : runs) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%s,%.3f,%.1f,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%d,%d,%s,%s,%s,%s,%s%n", name(r),
                    r.workload().cliName, r.clients(), r.window(), r.payloadBytes(), mode, r.seconds(), r.opsPerSecond(), r.millis(50),
                    r.millis(90), r.millis(99), r.millis(99.9), r.maxMillis(), r.ok(), r.failed(), r.unknown(),
                    orNone(r.framesPerOp(), ""), orNone(r.messagesPerOp(), ""), orNone(r.nodeCpuSeconds(), ""),
                    orNone(r.jitSeconds(), ""), orNone(r.gcPauseSeconds(), "")));
            StringBuilder series = new StringBuilder("second,ops\n");
            for (int s = 0; s < r.opsPerSecondSeries().size(); s++) {
                series.append(s + 1).append(',').append(r.opsPerSecondSeries().get(s)).append('\n');
            }
            Files.writeString(dir.resolve("throughput-" + name(r) + ".csv"), series, StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve("summary.csv"), csv, StandardCharsets.UTF_8);
        plots(runs, dir, mode.equals("fsync") ? "" : " [PAGE-CACHE, UNSAFE]");
    }

    private static void plots(List<RunResult> runs, Path dir, String mark) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection latency = new XYSeriesCollection();
        for (Workload w : Workload.values()) {
            XYSeries p50 = new XYSeries(w.cliName + " p50");
            XYSeries p99 = new XYSeries(w.cliName + " p99");
            for (RunResult r : runs) {
                if (r.workload() == w && r.ok() > 0 && r.millis(50) > 0) {
                    p50.add(r.opsPerSecond(), r.millis(50));
                    p99.add(r.opsPerSecond(), r.millis(99));
                }
            }
            if (!p50.isEmpty()) {
                latency.addSeries(p50);
                latency.addSeries(p99);
            }
        }
        JFreeChart vs = ChartFactory.createXYLineChart("RingWorld: latency against throughput (one point per window)" + mark,
                "operations per second", "latency (ms)", latency, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = (XYPlot) vs.getPlot();
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        plot.setDomainAxis(new LogAxis("operations per second (log)")); // runs span 1e2..1e5 ops/s and 1..1e3 ms
        plot.setRangeAxis(new LogAxis("latency, ms (log)"));
        ChartUtils.saveChartAsPNG(dir.resolve("latency-vs-throughput.png").toFile(), vs, 1000, 640);
        XYSeriesCollection overTime = new XYSeriesCollection();
        for (RunResult r : runs) {
            XYSeries s = new XYSeries(name(r));
            for (int k = 0; k < r.opsPerSecondSeries().size(); k++) {
                s.add(k + 1, r.opsPerSecondSeries().get(k));
            }
            overTime.addSeries(s);
        }
        JFreeChart time = ChartFactory.createXYLineChart("RingWorld: throughput over time" + mark, "measured second",
                "operations per second", overTime, PlotOrientation.VERTICAL, true, false, false);
        ChartUtils.saveChartAsPNG(dir.resolve("throughput-over-time.png").toFile(), time, 1000, 640);
    }
}
