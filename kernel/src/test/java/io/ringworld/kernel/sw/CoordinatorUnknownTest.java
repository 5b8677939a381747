package io.ringworld.kernel.sw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Config;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.server.IndexRange;
import io.ringworld.kernel.testhooks.PlantedBug;
import io.ringworld.kernel.testhooks.TestHooks;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * ChooseEntries with a damaged server's reply (issue 19; the specs' Choose {@code ok}): index 2
 * is committed on a1 and a2; a1 was wiped and reports everything from 2 on unknown; a3 never got
 * index 2. Choosing from a1 and a3 alone would put junk over a committed entry.
 */
class CoordinatorUnknownTest {
    // The view change itself, started at once: the pre-vote (issue 19) is PreVoteTest's.
    private static final Config CONFIG = Config.builder(2, 1).preVote(false).build();
    private static final SwitchId S0 = new SwitchId(0);
    private static final SwitchId S1 = new SwitchId(1);
    private static final ServerId A1 = new ServerId(0, 0);
    private static final ServerId A2 = new ServerId(0, 1);
    private static final ServerId A3 = new ServerId(0, 2);
    private static final View V1 = View.INITIAL;

    private static Switch sealed(TestHooks hooks) {
        Switch s0 = Switch.booting(S0, CONFIG, hooks);
        s0.start();
        s0.step(new SwitchInput.Suspect("test"));
        View v = s0.status().view();
        s0.deliver(new Message.SwitchSealReply(v, S1, true, v, 2, 0)); // the ring handed out 1..2
        return s0;
    }

    private static Message.ServerSealReply reply(View v, ServerId from, List<Entry> entries, List<IndexRange> unknown) {
        long highest = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).index();
        return new Message.ServerSealReply(v, from, true, v, highest, 1, entries, View.NONE, 1, 0, unknown);
    }

    private static TreeMap<Long, String> rewrites(List<SwitchTest.Sent> sent) {
        TreeMap<Long, String> chosen = new TreeMap<>();
        for (Message.Write w : SwitchTest.of(sent, Message.Write.class)) {
            chosen.put(w.index(), w.payload().isJunk() ? "junk" : w.payload().asString());
        }
        return chosen;
    }

    @Test
    void anUnknownIndexWaitsForAVouchingMajorityAndTheStatusSaysWhy() {
        Switch s0 = sealed(TestHooks.NONE);
        View v = s0.status().view();
        Entry one = new Entry(1, V1, Payload.ofString("a"));
        s0.deliver(reply(v, A1, List.of(one), List.of(new IndexRange(2, Long.MAX_VALUE))));
        List<SwitchTest.Sent> none = SwitchTest.sends(s0.deliver(reply(v, A3, List.of(one), List.of())));
        assertTrue(SwitchTest.of(none, Message.Fence.class).isEmpty(), "a majority replied, but index 2 is undecided");
        assertTrue(s0.status().viewChangeWaitingFor().contains("index 2"), s0.status().viewChangeWaitingFor());
        List<SwitchTest.Sent> sent = SwitchTest.sends(s0.deliver(reply(v, A2,
                List.of(one, new Entry(2, V1, Payload.ofString("b"))), List.of())));
        assertEquals("b", rewrites(sent).get(2L), "the committed entry survives");
        assertEquals("", s0.status().viewChangeWaitingFor());
    }

    @Test
    void theUnknownTailAboveEverythingHeldNeedsAVouchingMajorityToo() {
        Switch s0 = Switch.booting(S0, CONFIG, TestHooks.NONE);
        s0.start();
        s0.step(new SwitchInput.Suspect("test"));
        View v = s0.status().view();
        s0.deliver(new Message.SwitchSealReply(v, S1, true, v, 0, 0));
        s0.deliver(reply(v, A1, List.of(), List.of(new IndexRange(1, Long.MAX_VALUE))));
        List<SwitchTest.Sent> none = SwitchTest.sends(s0.deliver(reply(v, A3, List.of(), List.of())));
        assertTrue(SwitchTest.of(none, Message.Fence.class).isEmpty(), "a2 may hold an index a1 lost");
        List<SwitchTest.Sent> sent = SwitchTest.sends(s0.deliver(reply(v, A2, List.of(), List.of())));
        assertEquals(3, SwitchTest.of(sent, Message.Fence.class).size(), "two vouching replies decide the tail");
    }

    /**
     * Disk campaign seed 460: a1 lost index 2 (reported unknown) but kept the fence of view 1.1
     * (start 3), whose rewrite of 2 (junk, committed on a1 and a2) it held; a3 holds an older
     * entry at 2 from view 1.0, valid since 2 is below the fence's start. One valid entry is not
     * enough: the coordinator waits for a vouching majority, and a2's reply brings the rewrite.
     */
    @Test
    void aValidEntryIsNotEnoughWhileAServerThatKeptTheFenceLostTheRewrite() {
        Switch s0 = sealed(TestHooks.NONE);
        View v = s0.status().view();
        View fenced = new View(1, 1);
        Entry one = new Entry(1, V1, Payload.ofString("a"));
        s0.deliver(new Message.ServerSealReply(v, A1, true, v, 1, 1, List.of(one), fenced, 3, 0,
                List.of(new IndexRange(2, 2))));
        List<SwitchTest.Sent> none = SwitchTest.sends(s0.deliver(reply(v, A3,
                List.of(one, new Entry(2, V1, Payload.ofString("stale"))), List.of())));
        assertTrue(SwitchTest.of(none, Message.Fence.class).isEmpty(), "the stale entry must not decide index 2");
        assertTrue(s0.status().viewChangeWaitingFor().contains("index 2"), s0.status().viewChangeWaitingFor());
        List<SwitchTest.Sent> sent = SwitchTest.sends(s0.deliver(new Message.ServerSealReply(v, A2, true, v, 2, 1,
                List.of(one, new Entry(2, fenced, Payload.JUNK)), fenced, 3, 0, List.of())));
        assertEquals("junk", rewrites(sent).get(2L), "the committed rewrite survives");
    }

    @Test
    void thePlantedUnknownAsEmptyChoosesJunkOverTheCommittedEntry() {
        Switch s0 = sealed(TestHooks.planting(PlantedBug.UNKNOWN_AS_EMPTY));
        View v = s0.status().view();
        Entry one = new Entry(1, V1, Payload.ofString("a"));
        s0.deliver(reply(v, A1, List.of(one), List.of(new IndexRange(2, Long.MAX_VALUE))));
        List<SwitchTest.Sent> sent = SwitchTest.sends(s0.deliver(reply(v, A3, List.of(one), List.of())));
        assertEquals("junk", rewrites(sent).get(2L));
    }

    /**
     * A paged reply (issue 19, item 2): a1's first page lists index 2 unknown; its last page
     * starts above it and lists nothing. The reply's unknown indices are the first page's
     * (found by the disk campaign, seeds 1158, 1645 and 1714, when the last page's were taken).
     */
    @Test
    void aPagedReplysUnknownIndicesAreItsFirstPages() {
        Switch s0 = sealed(TestHooks.NONE);
        View v = s0.status().view();
        Entry one = new Entry(1, V1, Payload.ofString("a"));
        List<SwitchTest.Sent> asked = SwitchTest.sends(s0.deliver(new Message.ServerSealReply(v, A1, true, v, 2, 1,
                List.of(one), View.NONE, 1, 0, List.of(new IndexRange(2, Long.MAX_VALUE)),
                Message.ServerSealReply.FIRST_PAGE, 3)));
        assertEquals(List.of(new Message.SealPage(v, 3, S0, 0)), SwitchTest.of(asked, Message.SealPage.class),
                "the coordinator asks for the next page");
        s0.deliver(new Message.ServerSealReply(v, A1, true, v, 2, 1, List.of(), View.NONE, 1, 0, List.of(), 3,
                Message.ServerSealReply.LAST_PAGE));
        List<SwitchTest.Sent> none = SwitchTest.sends(s0.deliver(reply(v, A3, List.of(one), List.of())));
        assertTrue(SwitchTest.of(none, Message.Fence.class).isEmpty(), "index 2 is still unknown on a1");
        List<SwitchTest.Sent> sent = SwitchTest.sends(s0.deliver(reply(v, A2,
                List.of(one, new Entry(2, V1, Payload.ofString("b"))), List.of())));
        assertEquals("b", rewrites(sent).get(2L), "the committed entry survives");
    }

    @Test
    void aStaleOrRepeatedPageIsNotTakenAndTheReplyCountsOnlyOnItsLastPage() {
        Switch s0 = sealed(TestHooks.NONE);
        View v = s0.status().view();
        Entry one = new Entry(1, V1, Payload.ofString("a"));
        Entry two = new Entry(2, V1, Payload.ofString("b"));
        Message.ServerSealReply first = new Message.ServerSealReply(v, A1, true, v, 2, 1, List.of(one), View.NONE, 1,
                0, List.of(), Message.ServerSealReply.FIRST_PAGE, 2);
        Message.ServerSealReply last = new Message.ServerSealReply(v, A1, true, v, 2, 1, List.of(two), View.NONE, 1,
                0, List.of(), 2, Message.ServerSealReply.LAST_PAGE);
        s0.deliver(last); // before its first page: stale, dropped
        s0.deliver(first);
        s0.deliver(first); // a duplicate asks nothing more
        List<SwitchTest.Sent> none = SwitchTest.sends(s0.deliver(reply(v, A3, List.of(one), List.of())));
        assertTrue(SwitchTest.of(none, Message.Fence.class).isEmpty(), "a1 has not sent its last page: one reply of three");
        List<SwitchTest.Sent> sent = SwitchTest.sends(s0.deliver(last));
        assertEquals("b", rewrites(sent).get(2L), "the last page's entry is chosen");
    }
}
