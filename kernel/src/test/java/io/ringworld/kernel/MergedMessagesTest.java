package io.ringworld.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.client.Client;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.server.InMemoryDurableState;
import io.ringworld.kernel.server.LogServer;
import io.ringworld.kernel.server.ServerInput;
import io.ringworld.kernel.sw.Switch;
import io.ringworld.kernel.sw.SwitchInput;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Merged messages (wire versions 7 and 8, issue 21 item 3): a step's Assigns, Writes and
 * WriteAcks to one receiver, a client's appends to one switch and a leader's answers to one
 * client leave as one message, and a merged message is exactly its members: a receiver
 * ends where the members delivered one by one would have left it.
 */
class MergedMessagesTest {
    private static final ClientId CLIENT = new ClientId(0);
    private static final ServerId R00 = new ServerId(0, 0);

    /** Sends of switch 0's token visit with {@code appends} queued, in a ring of 3 (one replica set). */
    private static List<Effect.Send> visit(Config config, int appends, int payloadBytes) {
        return visit(config, appends, payloadBytes, false);
    }

    /** {@link #visit}; with {@code mergedRequests} the appends arrive as one AppendRequests. */
    private static List<Effect.Send> visit(Config config, int appends, int payloadBytes, boolean mergedRequests) {
        Switch[] ring = new Switch[3];
        ArrayDeque<Effect.Send> inFlight = new ArrayDeque<>();
        for (int k = 0; k < 3; k++) {
            ring[k] = Switch.booting(new SwitchId(k), config);
        }
        for (int k = 0; k < 3; k++) {
            collect(ring[k].start(), inFlight);
        }
        Message.Token token = null;
        while (token == null) {
            Effect.Send s = inFlight.poll();
            if (s.to() instanceof SwitchId sw && sw.index() == 0 && s.message() instanceof Message.Token t && t.hop() > 0) {
                token = t;
            } else if (s.to() instanceof SwitchId sw) {
                collect(ring[sw.index()].deliver(s.message()), inFlight);
            }
        }
        List<Message.AppendRequest> requests = new ArrayList<>();
        for (int k = 0; k < appends; k++) {
            requests.add(new Message.AppendRequest(CLIENT, k + 1, Payload.of(new byte[payloadBytes])));
        }
        if (mergedRequests) {
            ring[0].deliver(new Message.AppendRequests(requests));
        } else {
            requests.forEach(ring[0]::deliver);
        }
        List<Effect.Send> sent = new ArrayList<>();
        for (Effect e : ring[0].deliver(token)) {
            if (e instanceof Effect.Send s) {
                sent.add(s);
            }
        }
        return sent;
    }

    private static void collect(Effects effects, ArrayDeque<Effect.Send> out) {
        for (Effect e : effects) {
            if (e instanceof Effect.Send s) {
                out.add(s);
            }
        }
    }

    /** Every send as its members, to the same receiver. */
    private static List<Effect.Send> unpacked(List<Effect.Send> sent) {
        List<Effect.Send> out = new ArrayList<>();
        for (Effect.Send s : sent) {
            if (s.message() instanceof Message.Merged merged) {
                for (Message m : merged.members()) {
                    out.add(new Effect.Send(s.to(), m));
                }
            } else {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void aTokenVisitSendsEachLeaderOneAssignsAndEachServerOneWrites() {
        Config config = Config.defaults(3, 1);
        List<Effect.Send> sent = visit(config, 30, 100);
        // 30 indices: 10 for each leader. Switch 0 writes its own 10 to the 3 servers.
        for (int leader = 1; leader <= 2; leader++) {
            SwitchId to = new SwitchId(leader);
            List<Effect.Send> toLeader = sent.stream().filter(s -> s.to().equals(to)
                    && !(s.message() instanceof Message.Token || s.message() instanceof Message.TokenAck)).toList();
            assertEquals(1, toLeader.size(), "one message to " + to + ": " + toLeader);
            Message.Assigns assigns = assertInstanceOf(Message.Assigns.class, toLeader.get(0).message());
            assertEquals(10, assigns.members().size());
            long previous = 0;
            for (Message.Assign a : assigns.members()) {
                assertTrue(a.index() > previous, "in index order: " + assigns);
                assertEquals(leader, Math.floorMod(a.index(), 3L), "index " + a.index() + " is led by " + to);
                previous = a.index();
            }
        }
        for (int member = 0; member < 3; member++) {
            ServerId to = new ServerId(0, member);
            List<Effect.Send> toServer = sent.stream().filter(s -> s.to().equals(to)).toList();
            assertEquals(1, toServer.size(), "one message to " + to);
            assertEquals(10, assertInstanceOf(Message.Writes.class, toServer.get(0).message()).members().size());
        }
    }

    @Test
    void mergingChangesOnlyTheEnvelopes() {
        Config merging = Config.defaults(3, 1);
        Config alone = merging.toBuilder().mergedMessageBytesMax(0).build();
        List<Effect.Send> merged = visit(merging, 30, 100);
        List<Effect.Send> single = visit(alone, 30, 100);
        assertTrue(single.stream().noneMatch(s -> s.message() instanceof Message.Merged), "0: nothing merged");
        assertTrue(merged.size() < single.size() / 5, merged.size() + " messages against " + single.size());
        // The same messages to the same receivers, each receiver's in the same order.
        for (NodeId to : single.stream().map(Effect.Send::to).distinct().toList()) {
            assertEquals(single.stream().filter(s -> s.to().equals(to)).toList(),
                    unpacked(merged).stream().filter(s -> s.to().equals(to)).toList(), "to " + to);
        }
    }

    @Test
    void aMergedMessageStaysWithinItsByteBound() {
        int bound = 4096; // three 1 KiB payloads and their overhead fit, four do not
        Config config = Config.defaults(3, 1).toBuilder().mergedMessageBytesMax(bound).build();
        List<Effect.Send> sent = visit(config, 30, 1024);
        int members = 0;
        for (Effect.Send s : sent) {
            if (s.message() instanceof Message.Merged m) {
                assertEquals(3, m.members().size(), "as many as fit in " + bound + " bytes: " + s.to());
                members += m.members().size();
            }
        }
        // 10 Assigns to each of 2 leaders and 10 Writes to each of 3 servers: 3 + 3 + 3 merged, 1 alone
        assertEquals(5 * 9, members, "of the 50 messages");
    }

    @Test
    void aServerHandlesWritesAsItsMembersAndReleasesOneWriteAcks() {
        View view = View.INITIAL;
        SwitchId leader = new SwitchId(0);
        List<Message.Write> writes = new ArrayList<>();
        for (long i = 1; i <= 5; i++) {
            writes.add(new Message.Write(view, i, Payload.ofString("e" + i), leader));
        }
        Config config = Config.defaults(1, 1);
        LogServer merged = new LogServer(R00, config, new InMemoryDurableState());
        Effects e = merged.deliver(new Message.Writes(writes));
        Effect.Persist persist = assertInstanceOf(Effect.Persist.class, e.get(e.size() - 1));
        assertEquals(5, persist.records().stream().filter(r -> r instanceof DurableRecord.PutEntry).count(),
                "one Persist for the five entries: " + persist.records());
        Effects released = merged.step(new ServerInput.PersistDone(persist.persistId()));
        assertEquals(1, released.size());
        Message.WriteAcks acks = assertInstanceOf(Message.WriteAcks.class, ((Effect.Send) released.get(0)).message());
        // The same acks, entries and status as the five writes delivered one by one.
        LogServer single = new LogServer(R00, config, new InMemoryDurableState());
        List<Message> singleAcks = new ArrayList<>();
        for (Message.Write w : writes) {
            Effects s = single.deliver(w);
            Effect.Persist p = (Effect.Persist) s.get(s.size() - 1);
            for (Effect x : single.step(new ServerInput.PersistDone(p.persistId()))) {
                singleAcks.add(((Effect.Send) x).message());
            }
        }
        assertEquals(singleAcks, acks.members());
        for (long i = 1; i <= 5; i++) {
            assertEquals(single.entry(i), merged.entry(i));
        }
        assertEquals(single.status().highestIndex(), merged.status().highestIndex());
    }

    @Test
    void aLeaderCommitsFromWriteAcksAsFromItsMembers() {
        Config config = Config.defaults(1, 1);
        List<Effect.Send> visitSends = new ArrayList<>();
        Switch sw = Switch.booting(new SwitchId(0), config);
        Message.Token token = null;
        for (Effect x : sw.start()) {
            if (x instanceof Effect.Send s && s.message() instanceof Message.Token t) {
                token = t;
            }
        }
        for (int k = 0; k < 4; k++) {
            sw.deliver(new Message.AppendRequest(CLIENT, k + 1, Payload.ofString("p" + k)));
        }
        for (Effect x : sw.deliver(token)) {
            visitSends.add((Effect.Send) x);
        }
        Message.Writes writes = (Message.Writes) visitSends.stream().filter(s -> s.to().equals(R00)).findFirst()
                .orElseThrow().message();
        int replies = 0;
        List<Message> lastReplies = new ArrayList<>();
        for (int member = 0; member < 2; member++) {
            List<Message.WriteAck> acks = new ArrayList<>();
            for (Message.Write w : writes.members()) {
                acks.add(new Message.WriteAck(w.view(), w.index(), new ServerId(0, member), true, w.view()));
            }
            for (Effect x : sw.deliver(new Message.WriteAcks(acks))) {
                if (x instanceof Effect.Send s && s.message() instanceof Message.AppendReply) {
                    replies++;
                } else if (x instanceof Effect.Send s && s.message() instanceof Message.AppendReplies r) {
                    replies += r.members().size();
                    lastReplies.add(r);
                }
            }
            assertEquals(member == 0 ? 0 : 4, replies, "a majority commits all four, one ack does not");
        }
        assertEquals(4, sw.status().commitIndex());
        assertEquals(1, lastReplies.size(), "the four answers leave as one message: " + lastReplies);
        assertEquals(List.of(1L, 2L, 3L, 4L), assertInstanceOf(Message.AppendReplies.class, lastReplies.get(0))
                .members().stream().map(Message.AppendReply::requestId).toList());
    }

    @Test
    void aClientsAppendsOfOneStepLeaveAsOneRequestPerSwitch() {
        int[] via = {0, 1, 0, 2, 0, 1};
        List<ClientInput.Append> appends = new ArrayList<>();
        for (int k = 0; k < via.length; k++) {
            appends.add(new ClientInput.Append(k + 1, Payload.ofString("a" + k), new SwitchId(via[k])));
        }
        Config merging = Config.defaults(3, 1);
        List<Effect.Send> merged = sends(new Client(CLIENT, merging).step(new ClientInput.Appends(appends)));
        List<Effect.Send> single = sends(new Client(CLIENT, merging.toBuilder().mergedMessageBytesMax(0).build())
                .step(new ClientInput.Appends(appends)));
        assertEquals(6, single.size(), "merging off: one request each");
        assertEquals(3, merged.size(), "one message per switch: " + merged);
        assertEquals(3, assertInstanceOf(Message.AppendRequests.class, merged.get(0).message()).members().size());
        assertEquals(2, assertInstanceOf(Message.AppendRequests.class, merged.get(1).message()).members().size());
        assertInstanceOf(Message.AppendRequest.class, merged.get(2).message()); // one to switch 2: alone
        for (NodeId to : single.stream().map(Effect.Send::to).distinct().toList()) {
            assertEquals(single.stream().filter(s -> s.to().equals(to)).toList(),
                    unpacked(merged).stream().filter(s -> s.to().equals(to)).toList(), "to " + to);
        }
    }

    @Test
    void aSwitchTakesAppendRequestsAsItsMembersOneByOne() {
        Config config = Config.defaults(3, 1);
        assertEquals(unpacked(visit(config, 30, 100, false)), unpacked(visit(config, 30, 100, true)),
                "the token visit after the appends arrived alone or merged");
    }

    @Test
    void aClientTakesAppendRepliesAsItsMembers() {
        Client client = new Client(CLIENT, Config.defaults(1, 1));
        List<ClientInput.Append> appends = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            appends.add(new ClientInput.Append(k, Payload.ofString("a" + k), new SwitchId(0)));
        }
        client.step(new ClientInput.Appends(appends));
        List<Message.AppendReply> replies = List.of(new Message.AppendReply(1, 10, View.INITIAL),
                new Message.AppendReply(2, 11, View.INITIAL), new Message.AppendReply(3, 12, View.INITIAL));
        List<String> outcomes = new ArrayList<>();
        for (Effect e : client.deliver(new Message.AppendReplies(replies))) {
            Effect.Outcome o = assertInstanceOf(Effect.Outcome.class, e);
            outcomes.add(o.requestId() + "=" + o.result());
        }
        assertEquals(List.of("1=" + new Result.Appended(10), "2=" + new Result.Appended(11),
                "3=" + new Result.Appended(12)), outcomes);
        assertEquals(0, client.status().openOperations(), "every append answered");
    }

    private static List<Effect.Send> sends(Effects effects) {
        List<Effect.Send> out = new ArrayList<>();
        for (Effect e : effects) {
            out.add(assertInstanceOf(Effect.Send.class, e));
        }
        return out;
    }

    @Test
    void aMergedRecordRefusesMembersThatDoNotShareItsFields() {
        View v = View.INITIAL;
        Message.Write a = new Message.Write(v, 1, Payload.ofString("a"), new SwitchId(0));
        assertThrows(IllegalArgumentException.class, () -> new Message.Writes(List.of(a)), "one member");
        assertThrows(IllegalArgumentException.class, () -> new Message.Writes(List.of(a,
                new Message.Write(v, 2, Payload.ofString("b"), new SwitchId(1)))), "two senders");
        assertThrows(IllegalArgumentException.class, () -> new Message.WriteAcks(List.of(
                new Message.WriteAck(v, 1, R00, true, v), new Message.WriteAck(v, 2, R00, false, v))), "two verdicts");
        assertThrows(IllegalArgumentException.class, () -> new Message.Assigns(List.of(
                new Message.Assign(v, 1, CLIENT, 1, Payload.ofString("a")),
                new Message.Assign(new View(2, 0), 2, CLIENT, 2, Payload.ofString("b")))), "two views");
    }

    @Test
    void theKernelMergesNoMoreMembersThanTheWireFormatAccepts() {
        assertEquals(io.ringworld.kernel.wire.WireFormat.MERGED_MEMBERS_MAX, Config.MERGED_MEMBERS_MAX);
    }
}
