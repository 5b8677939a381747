package io.ringworld.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import clojure.lang.Keyword;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the clojure.test suite of the ringworld.checker namespace (src/test/clojure) and fails on
 * any failure or error; also shows from Java that the namespace can say "invalid".
 */
class ClojureInteropTest {
    private static final IFn REQUIRE = Clojure.var("clojure.core", "require");

    @Test
    void theClojureTestSuitePasses() {
        REQUIRE.invoke(Clojure.read("ringworld.checker-test"));
        Map<?, ?> summary = (Map<?, ?>) Clojure.var("clojure.test", "run-tests").invoke(Clojure.read("ringworld.checker-test"));
        long tests = (Long) summary.get(Keyword.intern("test"));
        long assertions = (Long) summary.get(Keyword.intern("pass"));
        assertTrue(tests >= 7 && assertions >= 15, "ran " + tests + " tests, " + assertions + " assertions");
        assertEquals(0L, summary.get(Keyword.intern("fail")), summary.toString());
        assertEquals(0L, summary.get(Keyword.intern("error")), summary.toString());
    }

    @Test
    void theNamespaceReportsAnInvalidHistory() {
        REQUIRE.invoke(Clojure.read("ringworld.checker"));
        Object history = Clojure.read("[{:type :invoke, :f :append, :value {:payload \"a\"}, :process 1}"
            + " {:type :ok, :f :append, :value {:payload \"a\", :position 1}, :process 1}"
            + " {:type :invoke, :f :tail, :value nil, :process 2}"
            + " {:type :ok, :f :tail, :value {:tail 0}, :process 2}]");
        Map<?, ?> verdict = (Map<?, ?>) Clojure.var("ringworld.checker", "check").invoke(history);
        assertEquals(Boolean.FALSE, verdict.get(Keyword.intern("valid?")), verdict.toString());
        assertEquals("tail 0 after append a (position 1) completed", verdict.get(Keyword.intern("reason")));
    }
}
