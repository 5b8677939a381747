package io.ringworld.node;

import io.ringworld.net.ClusterFile;
import io.ringworld.net.ClusterFileException;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code NodeMain init --cluster FILE} initialises a cluster's directories;
 * {@code NodeMain node --cluster FILE --id NAME} runs one member until SIGTERM (a graceful stop:
 * exit 0); {@code --test-control HOST:PORT} adds the test fault hooks ({@link TestControl}), and
 * {@code --unsafe-test-hooks BUG}, {@code --test-held-writes}, {@code --peer-address NAME=HOST:PORT},
 * {@code --test-ack-before-force} and {@code --test-segment-bytes N} a fault campaign's {@link TestMode}. Errors in the arguments or the cluster file end with exit 2 and a message naming them.
 */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String cmd = args.length > 0 ? args[0] : "";
        String clusterFile = option(args, "--cluster");
        if (clusterFile == null || !(cmd.equals("init") || cmd.equals("node"))) {
            usage("expected 'init --cluster FILE' or 'node --cluster FILE --id NAME'");
        }
        ClusterFile cluster;
        try {
            cluster = ClusterFile.read(Path.of(clusterFile));
        } catch (ClusterFileException e) {
            usage(e.getMessage());
            return;
        }
        if (cmd.equals("init")) {
            ClusterInit.initialise(cluster);
            System.out.println("initialised cluster " + cluster.clusterId() + ": " + cluster.members().size() + " nodes");
            return;
        }
        String name = option(args, "--id");
        if (name == null) {
            usage("node needs --id NAME");
        }
        NodeHost.exitOnViolation = true; // a node process stops on a kernel invariant violation (exit 70)
        NodeHost host;
        try {
            host = NodeHost.start(cluster, name, testMode(args), onP4(args));
        } catch (ClusterFileException e) {
            usage(e.getMessage());
            return;
        } catch (Exception e) {
            System.err.println("ringworld node " + name + ": cannot start: " + e);
            System.exit(1);
            return;
        }
        TestControl control = null;
        String controlAddress = option(args, "--test-control");
        if (controlAddress != null) { // test mode only: fault hooks for real-process tests
            int colon = controlAddress.lastIndexOf(':');
            try {
                control = new TestControl(host, name, new java.net.InetSocketAddress(controlAddress.substring(0, colon),
                        Integer.parseInt(controlAddress.substring(colon + 1))));
            } catch (RuntimeException | java.io.IOException e) {
                host.close();
                usage("--test-control " + controlAddress + ": not a usable HOST:PORT (" + e.getMessage() + ")");
            }
        }
        // SIGTERM (and Ctrl-C) is a graceful stop: the main thread finishes what is in flight,
        // forces the disk, closes, and exits 0 (a JVM killed by the signal's default would exit 143).
        CountDownLatch stop = new CountDownLatch(1);
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> stop.countDown());
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> stop.countDown());
        stop.await();
        if (control != null) {
            control.close();
        }
        host.close();
        System.exit(0);
    }

    /** The fault campaign's test mode from {@code --unsafe-test-hooks BUG}, {@code --test-held-writes}, {@code --peer-address NAME=HOST:PORT}. */
    /** {@code --dataplane kernel|p4}: what runs a switch (p4: ringworld.p4 with the kernel as its agent). */
    static boolean onP4(String[] args) {
        String d = option(args, "--dataplane");
        if (d == null || d.equals("kernel")) {
            return false;
        }
        if (!d.equals("p4")) {
            usage("--dataplane " + d + ": expected kernel or p4");
        }
        return true;
    }

    static TestMode testMode(String[] args) {
        io.ringworld.kernel.testhooks.PlantedBug bug = io.ringworld.kernel.testhooks.PlantedBug.NONE;
        String b = option(args, "--unsafe-test-hooks");
        if (b != null) {
            try {
                bug = io.ringworld.kernel.testhooks.PlantedBug.valueOf(b);
            } catch (IllegalArgumentException e) {
                usage("--unsafe-test-hooks: no planted bug '" + b + "' (one of "
                        + java.util.Arrays.toString(io.ringworld.kernel.testhooks.PlantedBug.values()) + ")");
            }
        }
        java.util.Map<String, java.net.InetSocketAddress> peers = new java.util.LinkedHashMap<>();
        for (int k = 0; k + 1 < args.length; k++) {
            if (args[k].equals("--peer-address")) {
                String v = args[k + 1];
                int eq = v.indexOf('=');
                int colon = v.lastIndexOf(':');
                if (eq < 1 || colon < eq) {
                    usage("--peer-address " + v + ": expected NAME=HOST:PORT");
                }
                try {
                    peers.put(v.substring(0, eq), new java.net.InetSocketAddress(v.substring(eq + 1, colon),
                            Integer.parseInt(v.substring(colon + 1))));
                } catch (IllegalArgumentException e) {
                    usage("--peer-address " + v + ": not a usable HOST:PORT (" + e.getMessage() + ")");
                }
            }
        }
        String segment = option(args, "--test-segment-bytes");
        long segmentBytes = 0;
        try {
            segmentBytes = segment == null ? 0 : Long.parseLong(segment);
            return new TestMode(bug, java.util.Arrays.asList(args).contains("--test-held-writes"), peers,
                    java.util.Arrays.asList(args).contains("--test-ack-before-force"), segmentBytes);
        } catch (IllegalArgumentException e) {
            usage("--test-segment-bytes " + segment + ": " + e.getMessage());
            return null;
        }
    }

    private static String option(String[] args, String name) {
        for (int k = 0; k + 1 < args.length; k++) {
            if (args[k].equals(name)) {
                return args[k + 1];
            }
        }
        return null;
    }

    private static void usage(String why) {
        System.err.println("ringworld node: " + why);
        System.exit(2);
    }
}
