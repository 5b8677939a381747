package io.ringworld.runtime.paper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The paper's Figure 1, simulated: sequencing latency (p99) against throughput for RingWorld at
 * several ring sizes (each up to its switches' capacity) and for server-based batching, drawn
 * with JFreeChart, with a CSV of every point (mean, p50, p99, max).
 */
public final class Figure1 {
    /** One simulated point. */
    public record Point(String design, double loadPerSecond, PaperScale.Latency latency) {
    }

    private Figure1() {
    }

    /** Loads from 1 million to 1 trillion appends a second, the paper's 80 billion among them. */
    public static List<Double> loads() {
        return List.of(1e6, 1e7, 1e8, 1e9, 1e10, 8e10, 2e11, 5e11, 1e12);
    }

    /**
     * Simulates every point: one kernel ring per size (its visits serve every load up to its
     * capacity) and one batching run per load.
     */
    public static List<Point> simulate(PaperScale.Settings base, List<Integer> ringSizes, List<Double> loads,
            java.util.function.Consumer<String> progress) {
        List<Point> points = new ArrayList<>();
        for (int n : ringSizes) {
            PaperScale.Settings s = base.withSwitches(n);
            progress.accept("figure 1: a kernel ring of " + n + " switches, " + s.rotations() + " rotations");
            PaperScale.RingRun run = PaperScale.ring(s);
            for (double load : loads) {
                if (load <= s.ringCapacityPerSecond()) {
                    points.add(new Point("RingWorld, " + n + " switches", load, run.at(load)));
                }
            }
        }
        for (double load : loads) {
            progress.accept(String.format(Locale.ROOT, "figure 1: batching at %.0e appends/s", load));
            points.add(new Point("batching (T_B = T_S = " + fmt(base.batcherPerSecond()) + ")", load,
                    PaperScale.batching(base.withLoad(load))));
        }
        return points;
    }

    /** Writes figure1.png and figure1.csv into {@code dir}; returns the PNG's path. */
    public static Path write(Path dir, List<Point> points, PaperScale.Settings base) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("design,load_per_s,appends,mean_ms,p50_ms,p99_ms,max_ms\n");
        XYSeriesCollection data = new XYSeriesCollection();
        for (Point p : points) {
            csv.append(String.format(Locale.ROOT, "\"%s\",%.0f,%d,%.4f,%.4f,%.4f,%.4f%n", p.design(), p.loadPerSecond(),
                    p.latency().appends(), p.latency().meanMillis(), p.latency().percentileMillis(50),
                    p.latency().percentileMillis(99), p.latency().maxMillis()));
            XYSeries series = seriesOf(data, p.design());
            series.add(p.loadPerSecond(), p.latency().percentileMillis(99));
        }
        Files.writeString(dir.resolve("figure1.csv"), csv);
        JFreeChart chart = ChartFactory.createXYLineChart(
                "Sequencing latency (p99) against throughput, simulated (" + fmt(base.hopNanos() / 1e3) + " µs a hop)",
                "appends per second", "p99 sequencing latency (ms)", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = (XYPlot) chart.getPlot();
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        plot.setDomainAxis(decades("appends per second (log)"));
        plot.setRangeAxis(decades("p99 sequencing latency, ms (log)"));
        Path png = dir.resolve("figure1.png");
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 640);
        return png;
    }

    /** A log axis labelled once a decade (the default labels every tenth of one). */
    private static LogAxis decades(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setTickUnit(new NumberTickUnit(1.0));
        axis.setMinorTickMarksVisible(true);
        return axis;
    }

    private static XYSeries seriesOf(XYSeriesCollection data, String name) {
        for (Object o : data.getSeries()) {
            XYSeries s = (XYSeries) o;
            if (s.getKey().equals(name)) {
                return s;
            }
        }
        XYSeries s = new XYSeries(name);
        data.addSeries(s);
        return s;
    }

    static String fmt(double v) {
        return v >= 1e6 ? String.format(Locale.ROOT, "%.0e", v) : String.format(Locale.ROOT, "%.0f", v);
    }
}
