package io.ringworld.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `ringworld check`: exit status 0 valid, 1 not linearizable, 2 bad input, 3 unknown; prints the verdict. */
class CheckCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new CheckCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path file(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    private static final String[] TRIM_VIOLATION = {
        "{:type :invoke, :f :append, :value {:payload \"a7\"}, :process 1, :time 1}",
        "{:type :ok, :f :append, :value {:payload \"a7\", :position 7}, :process 1, :time 2}",
        "{:type :invoke, :f :trim, :value {:position 9}, :process 3, :time 3}",
        "{:type :ok, :f :trim, :value {:position 9}, :process 3, :time 4}",
        "{:type :invoke, :f :read, :value {:position 7}, :process 2, :time 5}",
        "{:type :ok, :f :read, :value {:position 7, :payload \"a7\"}, :process 2, :time 6}"};

    @Test
    void aValidHistoryExitsZero() throws IOException {
        Path p = file("ok.edn", TRIM_VIOLATION[0], TRIM_VIOLATION[1]);
        assertEquals(0, run(p.toString()));
        assertTrue(out.toString().startsWith("{:valid? true"), out.toString());
    }

    @Test
    void aViolationExitsOneAndWritesATimeline() throws IOException {
        Path p = file("bad.edn", TRIM_VIOLATION);
        Path html = dir.resolve("t.html");
        assertEquals(1, run(p.toString(), "--timeline", html.toString()));
        assertTrue(out.toString().contains(":reason \"read of position 7 returned a7 after trim 9 completed\""),
            out.toString());
        assertTrue(out.toString().contains(":window {:from 2, :to 5"), out.toString());
        String page = Files.readString(html);
        assertTrue(page.contains("<svg") && page.contains("#f4a6a6"), page);
        assertEquals(1, run(p.toString(), "--algorithm", "wgl"));
    }

    @Test
    void badInputExitsTwoNamingLineAndField() throws IOException {
        Path p = file("malformed.edn", TRIM_VIOLATION[0], "{:type :ok, :f :append, :value {:payload \"a7\"}, :process x}");
        assertEquals(2, run(p.toString()));
        assertTrue(err.toString().contains("line 2, field :process"), err.toString());
        assertEquals(2, run(dir.resolve("missing.edn").toString()));
        assertEquals(2, run(file("notlog.edn", "{:type :invoke, :f :write, :value 1, :process 1}").toString()));
        assertTrue(err.toString().contains("line 1, field :f"), err.toString());
    }

    @Test
    void aSpentBudgetExitsThree() throws IOException {
        Path p = file("reg.edn", "{:type :invoke, :f :write, :value 1, :process 1}",
            "{:type :invoke, :f :write, :value 2, :process 2}", "{:type :ok, :f :write, :value 1, :process 1}",
            "{:type :ok, :f :write, :value 2, :process 2}");
        assertEquals(3, run(p.toString(), "--model", "register", "--budget-states", "1"));
        assertTrue(out.toString().contains(":valid? :unknown"), out.toString());
        assertEquals(0, run(p.toString(), "--model", "register"));
    }

    @Test
    void theBenchRunsOnASmallHistory() {
        assertEquals(0, run("--bench", "--seed", "7", "--bench-ops", "2000", "--bench-runs", "1", "--wgl-max-ops", "2000"));
        assertTrue(out.toString().contains("bench seed 7"), out.toString());
        assertTrue(out.toString().contains("fast checker, 2,000 ops, 1 runs after 3 warm-up: VALID"), out.toString());
    }
}
