package io.ringworld.specs.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A planted spec bug run through TLC ends in its named invariant, and the step table names the
 * action that broke it: CommitOnOneAck's leader commits index 1 on the first WriteAck.
 */
class ViolationTableTest {

    @Test
    void commitOnOneAckEndsInCommitNeedsMajorityAtALeaderCommit(@TempDir Path out) throws Exception {
        ModelOptions.Model m = new ModelOptions().bug("CommitOnOneAck").build(CfgTest.SOURCES, "bug-commit");
        List<String> lines = new ArrayList<>();
        TlcResult r = Tlc.run(CfgTest.SOURCES, out, new Tlc.Request(m.name(), m.module(), m.cfgText(), m.extraModules(),
                1, Tlc.Mode.EXHAUSTIVE, 0, 0, 300), lines::add);
        assertEquals("CommitNeedsMajority", r.violated(), () -> "see " + r.output());
        assertEquals(12, r.exitCode(), "TLC's exit code of an invariant violation");
        assertNotNull(r.trace(), "no counterexample read from " + r.output());
        assertTrue(lines.stream().anyMatch(l -> l.contains("Invariant CommitNeedsMajority is violated")), "TLC's lines reach the listener");
        assertTrue(Files.readString(out.resolve("bug-commit.trace")).contains("STATE_1 =="), "the trace file is kept");
        assertEquals(r.trace().states(), ErrorTrace.statesOfModule(Files.readAllLines(out.resolve("bug-commit.trace")), "trace"),
                "the kept trace file reads back as the same states");
        assertTrue(Files.isRegularFile(out.resolve("bug-commit").resolve("bug-commit.cfg")), "the cfg is kept for a rerun");

        List<StepTable.Row> rows = StepTable.rows(r.trace());
        System.out.println("CommitOnOneAck's counterexample:\n" + StepTable.render(rows));
        assertEquals(r.trace().states().size(), rows.size());
        assertEquals("Init", rows.get(0).action());
        StepTable.Row last = rows.get(rows.size() - 1);
        assertEquals("LeaderCommit", last.action(), StepTable.render(rows));
        assertEquals("2", last.sw(), "index 1 is led by the ring's second member");
        assertEquals("1", last.index());
        assertEquals("0", last.view());
        assertTrue(last.changes().stream().anyMatch(c -> c.startsWith("commits + [") && c.contains("i |-> 1")),
                "the commit the invariant forbids: " + last.changes());
        assertTrue(last.changes().contains("sw[2].smap[1].com: FALSE -> TRUE"), last.changes().toString());
        assertTrue(last.changes().stream().noneMatch(c -> c.startsWith("action")), "the label is in the columns, not the changes");
        String text = StepTable.render(rows);
        assertTrue(text.contains("ClientAppend") && text.contains("SequenceBatch") && text.contains("LeaderReplicate"), text);
    }

    @Test
    void aChangeIsShownDownToTheFieldAndSetsAsAddedAndRemoved() {
        Object a = TlaValues.parse("<<[view |-> 0, ring |-> <<1, 2>>], [view |-> 0, ring |-> <<1, 2>>]>>", "a");
        Object b = TlaValues.parse("<<[view |-> 0, ring |-> <<1, 2>>], [view |-> 1, ring |-> <<2>>]>>", "b");
        List<String> out = new ArrayList<>();
        StepTable.diff("sw", a, b, out);
        assertEquals(List.of("sw[2].view: 0 -> 1", "sw[2].ring: <<1, 2>> -> <<2>>"), out);
        out.clear();
        StepTable.diff("msgs", TlaValues.parse("{[t |-> \"asg\", i |-> 1]}", "a"),
                TlaValues.parse("{[t |-> \"wr\", i |-> 1]}", "b"), out);
        assertEquals(List.of("msgs + [t |-> wr, i |-> 1]", "msgs - [t |-> asg, i |-> 1]"), out);
        out.clear();
        StepTable.diff("srv", TlaValues.parse("(a1 :> [pv |-> 0] @@ a2 :> [pv |-> 0])", "a"),
                TlaValues.parse("(a1 :> [pv |-> 0] @@ a2 :> [pv |-> 1])", "b"), out);
        assertEquals(List.of("srv[a2].pv: 0 -> 1"), out);
    }

    @Test
    void aLivenessCounterexampleKeepsItsLoop() {
        String output = "Error: Temporal properties were violated.\n"
                + "Error: The following behavior constitutes a counter-example:\n"
                + "State 1: <Initial predicate>\n/\\ x = 0\n/\\ action = [a |-> \"Init\"]\n\n"
                + "State 2: <Step line 3, col 1 to line 3, col 9 of module M>\n/\\ x = 1\n/\\ action = [a |-> \"Step\", x |-> 1]\n\n"
                + "Back to state 1: <Step line 3, col 1 to line 3, col 9 of module M>\n\n"
                + "Finished checking temporal properties in 00s\n";
        ErrorTrace t = ErrorTrace.parse(output, "out");
        assertEquals(2, t.states().size());
        assertEquals(1, t.steps().get(2).backTo());
        List<StepTable.Row> rows = StepTable.rows(t);
        assertEquals("Step", rows.get(1).action());
        assertEquals(List.of("x: 0 -> 1"), rows.get(1).changes());
        assertEquals("(back to state 1: a loop)", rows.get(2).action());
        Map<String, Object> first = t.states().get(0);
        assertEquals(0L, first.get("x"));
    }
}
