package io.ringworld.checker.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clojure.lang.EdnReader;
import clojure.lang.Keyword;
import clojure.lang.PersistentHashMap;
import io.ringworld.checker.Seeds;
import io.ringworld.checker.gen.RandomLogHistory;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.junit.jupiter.api.Test;

/** Reading and writing Jepsen EDN: round trips, the brief's examples, and bad input named by line and field. */
class HistoryEdnTest {
    private static final String EXAMPLE = String.join("\n",
        "{:type :invoke, :f :append, :value {:payload \"a7\"}, :process 3, :time 1200}",
        "{:type :ok,     :f :append, :value {:payload \"a7\", :position 41}, :process 3, :time 5400}",
        "{:type :invoke, :f :read,   :value {:position 41}, :process 4, :time 5500}",
        "{:type :ok,     :f :read,   :value {:position 41, :payload \"a7\"}, :process 4, :time 5600}",
        "{:type :info, :f :start-partition, :value [:n1 :n2], :process :nemesis, :time 5700}",
        "{:type :invoke, :f :tail,   :value nil, :process 5, :time 5800, :node \"n1\"}",
        "{:type :ok,     :f :tail,   :value {:tail 41}, :process 5, :time 5900}",
        "{:type :invoke, :f :read,   :value {:position 90}, :process 4, :time 6000}",
        "{:type :fail,   :f :read,   :value {:position 90}, :error :not-yet, :process 4, :time 6100}",
        "");

    @Provide
    Arbitrary<Long> seeds() {
        return Seeds.arbitrary();
    }

    @Test
    void readsTheBriefsExamples() {
        History h = HistoryReader.readString(EXAMPLE);
        assertEquals(9, h.size());
        assertEquals(4, h.operations().size());
        Operation append = h.operations().get(0);
        assertEquals(OpType.OK, append.outcome());
        assertEquals(LogValue.appended("a7", 41), append.logValue());
        assertTrue(h.ops().get(4).isNemesis());
        assertEquals("not-yet", h.operations().get(3).errorName());
        assertEquals("n1", h.ops().get(5).extra().get(Keyword.intern("node")));
    }

    @Test
    void writingGivesBackTheSameData() {
        History h = HistoryReader.readString(EXAMPLE);
        String written = HistoryWriter.toEdn(h);
        String[] in = EXAMPLE.split("\n");
        String[] out = written.split("\n");
        assertEquals(in.length, out.length);
        for (int i = 0; i < in.length; i++) {
            Map<?, ?> a = (Map<?, ?>) EdnReader.readString(in[i], PersistentHashMap.EMPTY);
            Map<?, ?> b = (Map<?, ?>) EdnReader.readString(out[i], PersistentHashMap.EMPTY);
            assertEquals(((clojure.lang.IPersistentMap) a).assoc(Keyword.intern("index"), (long) i), b, "line " + (i + 1));
        }
    }

    @Property(tries = 300, shrinking = ShrinkingMode.OFF)
    void generatedHistoriesRoundTrip(@ForAll("seeds") long seed) {
        History h = RandomLogHistory.generate(seed, RandomLogHistory.Params.small(40));
        History back = HistoryReader.readString(HistoryWriter.toEdn(h));
        assertEquals(h.ops(), back.ops(), Seeds.replay(seed));
    }

    @Test
    void aVectorOfOpsIsReadToo() {
        History h = HistoryReader.readString("[" + EXAMPLE + "]");
        assertEquals(9, h.size());
    }

    @Test
    void badInputNamesEveryLineAndField() {
        HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> HistoryReader.readString(
            "{:type :invoke, :f :append, :value {:payload \"a\"}, :process 1}\n"
                + "{:type :okay, :f :append, :value {:payload \"a\", :position 0}, :process 1}\n"
                + "{:type :invoke, :f :read, :value {:position \"x\"}, :process 2}\n"
                + "{:type :invoke, :f :read, :value {:position 1}, :process two}\n"
                + "{:type :invoke :f\n"));
        List<HistoryFormatException.Problem> p = e.problems();
        assertEquals(4, p.size(), e.getMessage());
        assertEquals(new HistoryFormatException.Problem(2, ":type", "expected one of :invoke :ok :fail :info, got :okay"),
            p.get(0));
        assertEquals(3, p.get(1).line());
        assertEquals(":value :position", p.get(1).field());
        assertEquals(":process", p.get(2).field());
        assertEquals(5, p.get(3).line());
        assertTrue(e.getMessage().startsWith("line 2, field :type:"), e.getMessage());
    }

    @Test
    void unpairedOpsAreBadInput() {
        HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> HistoryReader.readString(
            "{:type :invoke, :f :append, :value {:payload \"a\"}, :process 1}\n"
                + "{:type :invoke, :f :read, :value {:position 0}, :process 1}\n"
                + "{:type :ok, :f :tail, :value {:tail 0}, :process 7}\n"
                + "{:type :ok, :f :read, :value {:position 0, :payload \"a\"}, :process 1}\n"));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertEquals(2, e.line());
        assertEquals(":process", e.field());
        assertEquals(":f", e.problems().get(2).field());
    }

    @Test
    void inMemoryOpMapsConvertWithoutText() {
        Object maps = EdnReader.readString("[" + EXAMPLE + "]", PersistentHashMap.EMPTY);
        History h = HistoryReader.fromMaps((Iterable<?>) maps);
        assertEquals(HistoryReader.readString(EXAMPLE).ops(), h.ops());
    }
}
