package io.ringworld.conformance.replay;

import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.server.LogServer;
import java.util.function.Predicate;

/**
 * The spec's ServerRelearn and ServerRepair (issue 19) on the kernel: each is one atomic read in
 * the spec, a message exchange in the kernel (RelearnQuery and its replies; RepairRead and its
 * replies), driven here to completion within the spec's step.
 */
final class DiskSteps {
    private final KernelReplayer rp;

    DiskSteps(KernelReplayer rp) {
        this.rp = rp;
    }

    /** ServerRelearn(s): the queries reach the other servers and every live switch, the replies come back. */
    void relearn(int s) {
        LogServer srv = rp.srvs[s];
        ServerId id = srv.id();
        Predicate<Message> query = m -> m instanceof Message.RelearnQuery q && q.from().equals(id);
        sendQueries(s, query);
        deliverQueriesAndReplies(s, query);
        if (srv.status().relearning()) {
            throw rp.div("srv[" + s + "].dk", "the kernel server is still relearning after the spec's ServerRelearn: "
                    + "waiting for " + srv.status().relearnWaitingFor());
        }
    }

    /**
     * ServerRepair(s, i): a switch knows i committed (the spec's guard). The kernel server asks
     * the switches again (it keeps asking while it holds unknown indices) to learn the committed
     * prefix, then its repair reads i from the other servers and stores the highest view.
     */
    void repair(int s, long index) {
        LogServer srv = rp.srvs[s];
        ServerId id = srv.id();
        Predicate<Message> query = m -> m instanceof Message.RelearnQuery q && q.from().equals(id);
        sendQueries(s, query);
        deliverQueriesAndReplies(s, query);
        Predicate<Message> read = m -> m instanceof Message.RepairRead r && r.from().equals(id) && r.index() == index;
        for (int t = 0; t <= rp.config.writeRetryTicks() && !inPool(read); t++) {
            rp.net.apply(id, srv.tick());
        }
        for (int t = 0; t < rp.srvs.length; t++) {
            if (t != s && rp.srvs[t].id().replicaSet() == id.replicaSet()) {
                rp.net.deliverServer(t, read);
            }
        }
        rp.net.deliverServer(s, m -> m instanceof Message.RepairReply r && r.index() == index);
        if (srv.entry(index) == null) {
            throw rp.div("srv[" + s + "].st[" + index + "]", "the kernel server did not repair index " + index
                    + " (it knows committed prefix from its last relearn round; unknown " + srv.status().unknown() + ")");
        }
    }

    /** Ticks the server until its relearn queries are in flight (the first step of a damaged life sends them). */
    private void sendQueries(int s, Predicate<Message> query) {
        LogServer srv = rp.srvs[s];
        for (int t = 0; t <= rp.config.sealRetryTicks() && !inPool(query); t++) {
            rp.net.apply(srv.id(), srv.tick());
        }
    }

    private void deliverQueriesAndReplies(int s, Predicate<Message> query) {
        ServerId id = rp.srvs[s].id();
        for (int t = 0; t < rp.srvs.length; t++) {
            if (t != s && rp.srvs[t].id().replicaSet() == id.replicaSet()) {
                rp.net.deliverServer(t, query);
            }
        }
        for (int x = 1; x <= rp.n; x++) {
            rp.net.deliverAll(x, query);
        }
        rp.net.deliverServer(s, m -> m instanceof Message.RelearnServerReply || m instanceof Message.RelearnSwitchReply);
    }

    private boolean inPool(Predicate<Message> m) {
        return rp.net.pool.stream().anyMatch(p -> m.test(p.m()));
    }
}
