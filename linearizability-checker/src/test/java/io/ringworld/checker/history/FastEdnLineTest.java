package io.ringworld.checker.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import clojure.lang.EdnReader;
import clojure.lang.PersistentHashMap;
import io.ringworld.checker.Seeds;
import io.ringworld.checker.gen.RandomLogHistory;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reader's fast path builds exactly what clojure.edn builds, or declines. */
class FastEdnLineTest {
    private final FastEdnLine fast = new FastEdnLine();

    @Provide
    Arbitrary<Long> seeds() {
        return Seeds.arbitrary();
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF)
    void agreesWithClojureEdnOnWrittenHistories(@ForAll("seeds") long seed) {
        History h = RandomLogHistory.generate(seed, RandomLogHistory.Params.small(30));
        for (String line : HistoryWriter.toEdn(h).split("\n")) {
            assertEquals(EdnReader.readString(line, PersistentHashMap.EMPTY), fast.parse(line), line);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{:type :ok, :f :read, :value {:position 4, :payload \"q\\\"uo\\\\te\\n\"}, :process 1}",
        "{:a -0, :b 0, :c -12, :d 999999999999999999}",
        "{:a [1 :b \"c\" nil true false], :b {:c {:d 1}}, :e []}",
        "  {:a \"tab\\there \u00e9\"} ,",
        "{:a? 1, :b-c! 2, :e.f 3, :g* 4}"})
    void buildsWhatClojureEdnBuilds(String line) {
        assertEquals(EdnReader.readString(line, PersistentHashMap.EMPTY), fast.parse(line), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{:a 1.5}", "{:a/b 1}", "{:a 1 :a 2}", "{:a #{1}}", "{:a \"x\\u0041\"}",
        "{:a 9999999999999999999}", "{:a 0x10}", "{:a 010}", "{:a 1} ; note", "{:a 1}{:b 2}", "{:a sym}",
        "{:a #inst \"2020\"}", "[{:a 1}]", "{:a \\c}", "{:a +1}", "{::a 1}", "{:a 1"})
    void declinesEverythingElse(String line) {
        assertNull(fast.parse(line), line);
    }
}
