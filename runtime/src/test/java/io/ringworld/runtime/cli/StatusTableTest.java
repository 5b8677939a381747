package io.ringworld.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code cluster status}'s table: the Prometheus text read, rates from two scrapes, lag, a down node, a malformed scrape refused. */
class StatusTableTest {
    private static final String SWITCH_1 = """
            # HELP ringworld_token_passes_total tokens
            # TYPE ringworld_token_passes_total counter
            ringworld_token_passes_total{node="sw0",role="switch"} 100.0
            ringworld_appends_answered_total{node="sw0",role="switch"} 10.0
            ringworld_view_epoch{node="sw0",role="switch"} 2.0
            ringworld_view_coordinator{node="sw0",role="switch"} 1.0
            ringworld_ring_member{node="sw0",role="switch"} 1.0
            ringworld_committed_known{node="sw0",role="switch"} 40.0
            """;

    @Test
    void rowsShowViewRatesAndLag() {
        Map<String, Double> first = StatusTable.parse(SWITCH_1);
        assertEquals(100.0, first.get("ringworld_token_passes_total"));
        Map<String, Double> second = StatusTable.parse(SWITCH_1.replace("} 100.0", "} 300.0").replace("} 10.0", "} 30.0")
                .replace("} 40.0", "} 50.0"));
        Map<String, Double> server = StatusTable.parse("ringworld_view_epoch 2\nringworld_view_coordinator 1\n"
                + "ringworld_server_index_highest 45 1700000000\n");
        List<String> rows = StatusTable.rows(List.of(new StatusTable.Node("sw0", true, "pid 1", first, second),
                new StatusTable.Node("s0-0", false, "pid 2", server, server),
                new StatusTable.Node("sw1", true, "stopped", null, null)), 2.0);
        assertTrue(rows.get(0).startsWith("node     role   process"), rows.get(0));
        assertEquals(List.of("sw0", "switch", "pid", "1", "2.1", "yes", "50", "100", "10", "0"), List.of(rows.get(1).split("\\s+")));
        assertEquals(List.of("s0-0", "server", "pid", "2", "2.1", "-", "45", "0", "0", "5"), List.of(rows.get(2).split("\\s+")));
        assertTrue(rows.get(3).contains("down (no metrics)"), rows.get(3));
    }

    @Test
    void aMalformedScrapeIsRefusedNamingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StatusTable.parse("# fine\nringworld_view_epoch{node=\"sw0\" 2\n"));
        assertTrue(e.getMessage().startsWith("metrics line 2: an unclosed label set"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StatusTable.parse("ringworld_view_epoch two\n"));
        assertTrue(e.getMessage().contains("'two' is not a number"), e.getMessage());
    }
}
