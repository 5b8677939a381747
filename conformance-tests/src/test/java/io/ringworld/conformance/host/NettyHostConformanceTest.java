package io.ringworld.conformance.host;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.NodeId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.Result;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.client.Client;
import io.ringworld.kernel.client.ClientInput;
import io.ringworld.kernel.message.Message;
import io.ringworld.kernel.wire.Keyring;
import io.ringworld.kernel.wire.MessageType;
import io.ringworld.kernel.wire.SealedPayload;
import io.ringworld.kernel.wire.WireDecoder;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.kernel.wire.WireLimits;
import io.ringworld.net.ClusterFile;
import io.ringworld.net.Loop;
import io.ringworld.net.Transport;
import io.ringworld.net.TransportTls;
import io.ringworld.node.ClusterInit;
import io.ringworld.node.LocalCluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host conformance suite on the Netty host (issue 20, item 6): per test a fresh cluster of 3
 * switches and 2 replica sets, every node its own JVM process on loopback with real disks; the
 * suite's 4 clients are the kernel's client role hosted here over the real transport (through the
 * switch each operation names, which the client library does not let a caller choose). Crashes are
 * SIGKILL, restarts new processes on the same data directory (a switch's next life), a wipe
 * deletes a stopped server's directory, and lost messages are dropped by the sending nodes, told
 * through their test control ({@code --test-control}: fault injection in the host, never in the
 * kernel). {@code viewChanges} is the highest view epoch the live switches report (the boot view
 * is epoch 0). A settle of N ticks sleeps N times the cluster's tick.
 */
class NettyHostConformanceTest extends SharedLogHostConformance {
    private static final int CLIENTS = 4;
    private static final long OPERATION_WAIT_MILLIS = 15_000;

    @Override
    protected ConformanceHost newHost() {
        try {
            return new ProcessHost(Files.createTempDirectory("ringworld-netty-host-"));
        } catch (Exception e) {
            throw new IllegalStateException("the real cluster did not start: " + e, e);
        }
    }

    /** A real cluster and the suite's clients. */
    static final class ProcessHost implements ConformanceHost {
        private final Path dir;
        private final Path file;
        private final ClusterFile cluster;
        private final Map<String, Process> processes = new LinkedHashMap<>();
        private final Map<String, Integer> controlPorts = new HashMap<>();
        private final List<HostedClient> clients = new ArrayList<>();
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        ProcessHost(Path dir) throws Exception {
            this.dir = dir;
            this.file = dir.resolve("cluster.yaml");
            LocalCluster.FreePorts ports = new LocalCluster.FreePorts();
            List<String> names = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                names.add("c" + c);
            }
            Files.writeString(file, LocalCluster.yaml(3, 2, names, ports));
            this.cluster = ClusterFile.read(file);
            ClusterInit.initialise(cluster);
            Files.createDirectories(dir.resolve("logs"));
            for (ClusterFile.Member m : cluster.members()) {
                controlPorts.put(m.name(), ports.port());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.values().forEach(Process::destroyForcibly)));
            System.out.println("netty host: a cluster of 9 processes in " + dir);
            try {
                for (ClusterFile.Member m : cluster.members()) {
                    start(m.name());
                }
                awaitUp(new ArrayList<>(processes.keySet()));
                for (int c = 0; c < CLIENTS; c++) {
                    clients.add(new HostedClient(cluster, cluster.client("c" + c)));
                }
                awaitServing();
            } catch (Exception | Error e) {
                close(); // no process outlives a cluster that did not start
                throw e;
            }
        }

        private void start(String name) {
            try {
                processes.put(name, LocalCluster.start(file, name, dir.resolve("logs").resolve(name + ".log"),
                        List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                        List.of("--test-control", "127.0.0.1:" + controlPorts.get(name))));
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + name + ": " + e, e);
            }
        }

        /**
         * Waits until every node started answers its test control (it runs its kernel): a
         * simulated restart is instant, a real one costs a JVM's start, which must not eat the
         * suite's settle time, counted in the kernel's ticks.
         */
        private void awaitUp(List<String> names) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // a loaded 2-core machine starts a JVM slowly
            for (String name : names) {
                while (true) {
                    HttpResponse<String> r = call(name, HttpRequest.newBuilder(controlUri(name, "status")).GET().build());
                    if (r != null && r.statusCode() == 200) {
                        break;
                    }
                    if (System.nanoTime() > deadline || !processes.get(name).isAlive()) {
                        throw new IllegalStateException(name + " did not come up (" + (processes.get(name).isAlive() ? "running"
                                : "exited " + processes.get(name).exitValue()) + "); the end of its log:\n" + logTail(name));
                    }
                    settle(4);
                }
            }
        }

        private void kill(String name) {
            Process p = processes.remove(name);
            if (p != null) {
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private String logTail(String name) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve("logs").resolve(name + ".log"));
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        /** Every client connected and introduced, and the log answering a getTail through each switch. */
        private void awaitServing() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            for (HostedClient c : clients) {
                c.awaitConnected(deadline);
            }
            for (int via = 0; via < 3; via++) {
                while (!(tail(0, via) instanceof Result.Tail)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the cluster did not serve within 90 s; logs in " + dir.resolve("logs"));
                    }
                }
            }
            // JVMs that came up seconds apart may change views once right after the start: a test
            // begins once every switch is active in one view that held for a second
            String stable = null;
            long since = System.nanoTime();
            while (System.nanoTime() - since < TimeUnit.SECONDS.toNanos(1)) {
                String views = switchViews();
                if (views == null || !views.equals(stable)) {
                    stable = views;
                    since = System.nanoTime();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the switches' views did not settle within 90 s: " + views);
                }
                settle(20);
            }
        }

        /** Every switch's view if all are up, active, in the ring and in the same view; else null. */
        private String switchViews() {
            String view = null;
            for (int k = 0; k < 3; k++) {
                HttpResponse<String> r = call(switchName(k), HttpRequest.newBuilder(controlUri(switchName(k), "status")).GET().build());
                if (r == null || r.statusCode() != 200 || !r.body().contains("active=true ring=true")) {
                    return null;
                }
                Matcher m = Pattern.compile("view=(\\S+)").matcher(r.body());
                if (!m.find() || (view != null && !view.equals(m.group(1)))) {
                    return null;
                }
                view = m.group(1);
            }
            return view;
        }

        private static String switchName(int k) {
            return "sw" + k;
        }

        private static String serverName(int set, int member) {
            return "s" + set + "-" + member;
        }

        @Override
        public Result append(int client, String payload, int viaSwitch) {
            HostedClient c = clients.get(client);
            Payload sealed = SealedPayload.seal(c.key, c.id.index(), payload.getBytes(StandardCharsets.UTF_8));
            return c.run(rid -> new ClientInput.Append(rid, sealed, new SwitchId(viaSwitch)));
        }

        @Override
        public Result read(int client, long index, int viaSwitch) {
            Result r = clients.get(client).run(rid -> new ClientInput.Read(rid, index, new SwitchId(viaSwitch)));
            if (r instanceof Result.ReadValue v && !v.payload().isJunk()) { // the suite compares the application's bytes
                return new Result.ReadValue(v.index(),
                        Payload.ofString(new String(SealedPayload.application(v.payload()), StandardCharsets.UTF_8)));
            }
            return r;
        }

        @Override
        public Result tail(int client, int viaSwitch) {
            return clients.get(client).run(rid -> new ClientInput.GetTail(rid, new SwitchId(viaSwitch)));
        }

        @Override
        public Result trim(int client, long prefix, int viaSwitch) {
            return clients.get(client).run(rid -> new ClientInput.Trim(rid, prefix, new SwitchId(viaSwitch)));
        }

        @Override
        public void settle(long ticks) {
            try {
                Thread.sleep(ticks * cluster.tickMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void crashSwitch(int k) {
            kill(switchName(k));
        }

        @Override
        public void restartSwitch(int k) {
            start(switchName(k));
            awaitUp(List.of(switchName(k)));
        }

        @Override
        public void crashServer(int replicaSet, int member) {
            kill(serverName(replicaSet, member));
        }

        @Override
        public void recoverServer(int replicaSet, int member) {
            start(serverName(replicaSet, member));
            awaitUp(List.of(serverName(replicaSet, member)));
        }

        @Override
        public void wipeServer(int replicaSet, int member) {
            String name = serverName(replicaSet, member);
            if (processes.containsKey(name)) {
                throw new IllegalStateException(name + " is running: a wipe is of a stopped server");
            }
            try {
                deleteContents(cluster.member(name).dataDir());
            } catch (Exception e) {
                throw new IllegalStateException("wiping " + name + ": " + e, e);
            }
        }

        @Override
        public void dropMessagesOf(Class<? extends Message> type) {
            for (MessageType t : MessageType.values()) {
                if (t.recordClass() == type) {
                    control("drop", t.merged() == null ? t.name() : t.name() + "," + t.merged().name());
                    return;
                }
            }
            throw new IllegalArgumentException(type + " is no wire message type");
        }

        @Override
        public void stopDropping() {
            control("drop", "");
        }

        /** POSTs {@code body} to {@code /path} of every running node's test control. */
        private void control(String path, String body) {
            for (String name : processes.keySet()) {
                HttpResponse<String> r = call(name, HttpRequest.newBuilder(controlUri(name, path))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
                if (r == null || r.statusCode() != 200) {
                    throw new IllegalStateException(name + ": test control /" + path + " refused: " + (r == null ? "no answer" : r.body()));
                }
            }
        }

        private URI controlUri(String name, String path) {
            return URI.create("http://127.0.0.1:" + controlPorts.get(name) + "/" + path);
        }

        private HttpResponse<String> call(String name, HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                return null; // a node that is starting or just died
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        private static final Pattern VIEW = Pattern.compile("view=(\\d+)\\.");

        @Override
        public long viewChanges() {
            long highest = 0;
            for (int k = 0; k < 3; k++) {
                String name = switchName(k);
                if (!processes.containsKey(name)) {
                    continue;
                }
                HttpResponse<String> r = call(name, HttpRequest.newBuilder(controlUri(name, "status")).GET().build());
                Matcher m = r == null ? null : VIEW.matcher(r.body());
                if (m != null && m.find()) {
                    highest = Math.max(highest, Long.parseLong(m.group(1)));
                }
            }
            return highest;
        }

        @Override
        public void close() {
            clients.forEach(HostedClient::close);
            new ArrayList<>(processes.keySet()).forEach(this::kill);
            if (Boolean.getBoolean("nettyhost.keep")) {
                System.out.println("netty host: kept " + dir + " (-Dnettyhost.keep=true)");
                return;
            }
            try {
                deleteContents(dir);
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                System.out.println("netty host: could not delete " + dir + ": " + e);
            }
        }

        private static void deleteContents(Path d) throws IOException {
            if (!Files.exists(d)) {
                return;
            }
            try (var walk = Files.walk(d)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(d)) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    /**
     * One of the suite's clients: the kernel's client role on its own event loop, over the real
     * transport, connected to every member (answers come back on the connections it opened).
     */
    static final class HostedClient implements AutoCloseable {
        final ClientId id;
        final WireKey key;
        private final Loop loop;
        private final Transport transport;
        private final Client kernel;
        private final List<NodeId> members;
        private final Map<Long, CompletableFuture<Result>> pending = new HashMap<>();
        /** Switches that answered this client's introduction (on the loop). */
        private final Set<SwitchId> introduced = new HashSet<>();
        /** Switches whose introduction is in flight (on the loop). */
        private final Set<SwitchId> introducing = new HashSet<>();
        private final int switches;
        private long nextRequestId = System.currentTimeMillis() * 1000;

        HostedClient(ClusterFile cluster, ClusterFile.ClientEntry me) throws Exception {
            this.id = new ClientId(me.index());
            this.key = ClusterFile.readKey(me.keyFile());
            this.kernel = new Client(id, cluster.kernelConfig());
            this.loop = Loop.start("conformance-" + me.name());
            this.transport = new Transport(id, loop, Keyring.forClient(me.index(), key), WireLimits.DEFAULT,
                    WireDecoder.PayloadCheck.NONE, cluster::addressOf, new Transport.Inbound() {
                        @Override
                        public void onMessage(NodeId sender, Message m) {
                            apply(kernel.deliver(m));
                        }

                        @Override
                        public void onConnected(NodeId peer) {
                            if (peer instanceof SwitchId sw) {
                                introduce(sw);
                            }
                        }
                    }, TransportTls.NONE);
            this.members = cluster.members().stream().map(ClusterFile.Member::id).toList();
            this.switches = cluster.switches().size();
            loop.eventLoop().scheduleAtFixedRate(() -> {
                apply(kernel.tick());
                transport.flush();
            }, cluster.tickMillis(), cluster.tickMillis(), TimeUnit.MILLISECONDS);
            loop.eventLoop().scheduleWithFixedDelay(() -> {
                members.forEach(transport::connect);
                for (NodeId m : members) { // an introduction that found the cluster not serving yet is tried again
                    if (m instanceof SwitchId sw && transport.connected(sw) && !introduced.contains(sw) && !introducing.contains(sw)) {
                        introduce(sw);
                    }
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
        }

        /**
         * A switch answers a client only on a connection that client sent on (an append is
         * answered by its index's leader, which need not be the switch it went to): so each new
         * connection to a switch carries a getTail first, as the client library does.
         */
        private void introduce(SwitchId sw) {
            long rid = ++nextRequestId;
            CompletableFuture<Result> answered = new CompletableFuture<>();
            pending.put(rid, answered);
            introducing.add(sw);
            answered.thenAccept(r -> {
                introducing.remove(sw);
                if (r instanceof Result.Tail) {
                    introduced.add(sw);
                }
            });
            apply(kernel.step(new ClientInput.GetTail(rid, sw)));
            transport.flush();
        }

        void awaitConnected(long deadlineNanos) throws InterruptedException {
            while (System.nanoTime() < deadlineNanos) {
                boolean all = loop.eventLoop().submit(() -> members.stream().allMatch(transport::connected)
                        && introduced.size() == switches).syncUninterruptibly().getNow();
                if (all) {
                    return;
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException(id + " did not connect to every member and hear from every switch");
        }

        /** Runs one operation; its outcome, or null if none came in time. */
        Result run(Function<Long, ClientInput> op) {
            CompletableFuture<Result> f = new CompletableFuture<>();
            loop.eventLoop().execute(() -> {
                long rid = ++nextRequestId;
                pending.put(rid, f);
                apply(kernel.step(op.apply(rid)));
                transport.flush();
            });
            Result r;
            try {
                r = f.get(OPERATION_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                r = null;
            }
            if (r == null || r.status() != Result.Status.OK) { // the reason, for a failure's diagnosis
                System.out.println("netty host: " + id + " got " + r);
            }
            return r;
        }

        private void apply(Effects effects) {
            for (Effect e : effects) {
                if (e instanceof Effect.Send s) {
                    transport.send(s.to(), s.message());
                } else if (e instanceof Effect.Outcome o) {
                    CompletableFuture<Result> f = pending.remove(o.requestId());
                    if (f != null) {
                        f.complete(o.result());
                    }
                }
            }
        }

        @Override
        public void close() {
            loop.eventLoop().submit(transport::close).syncUninterruptibly();
            loop.close();
        }
    }
}
