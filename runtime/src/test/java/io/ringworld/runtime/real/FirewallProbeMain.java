package io.ringworld.runtime.real;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;

/**
 * Run by {@link FirewallTest} in a child JVM under {@code unshare -n}, since the test JVM itself
 * shares the host's network namespace and Firewall must refuse to act there. Prints one
 * {@code key=value} line per observation; the test asserts on them.
 */
public final class FirewallProbeMain {
    private static final int TIMEOUT_MS = 1000;
    private static final String A = "127.0.0.2";
    private static final String B = "127.0.0.3";
    private static final String C = "127.0.0.4";

    private FirewallProbeMain() {}

    public static void main(String[] args) throws Exception {
        System.out.println("ns=" + Capabilities.inOwnNetNamespace());
        Firewall.ensureLoopbackUp();
        Firewall fw = Firewall.inCurrentNamespace();
        try (ServerSocket onB = listen(B); ServerSocket onA = listen(A)) {
            System.out.println("before=" + connect(A, onB));
            fw.cutOneWay(A, B);
            System.out.println("oneway.tcp.AtoB=" + connect(A, onB));
            System.out.println("oneway.udp.AtoB=" + udp(A, B));
            System.out.println("oneway.udp.BtoA=" + udp(B, A));
            System.out.println("oneway.count=" + fw.ruleCount());
            System.out.println("oneway.rules=" + fw.rules().replace('\n', '|'));
            fw.healAll();
            System.out.println("healed.count=" + fw.ruleCount());
            System.out.println("healed.tcp.AtoB=" + connect(A, onB));
            fw.isolate(B, List.of(A, C));
            System.out.println("isolated.count=" + fw.ruleCount());
            System.out.println("isolated.tcp.AtoB=" + connect(A, onB));
            System.out.println("isolated.tcp.CtoB=" + connect(C, onB));
            System.out.println("isolated.tcp.CtoA=" + connect(C, onA));
            fw.healAll();
            System.out.println("final.tcp.AtoB=" + connect(A, onB));
            System.out.println("final.rules=" + fw.rules().replace('\n', '|'));
            System.out.println("appliedTotal=" + fw.appliedTotal());
        }
    }

    /** A server on {@code ip} that accepts and closes every connection, so that connects complete. */
    private static ServerSocket listen(String ip) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(ip, 0));
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try (Socket accepted = s.accept()) {
                    accepted.getInputStream().available();
                } catch (IOException e) {
                    return;
                }
            }
        }, "accept-" + ip);
        t.setDaemon(true);
        t.start();
        return s;
    }

    /** Connects from {@code fromIp} (as nodes dial from their own address): "connected" or "failed:Exception". */
    private static String connect(String fromIp, ServerSocket to) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(fromIp, 0));
            s.connect(new InetSocketAddress(to.getInetAddress(), to.getLocalPort()), TIMEOUT_MS);
            return "connected";
        } catch (IOException e) {
            return "failed:" + e.getClass().getSimpleName();
        }
    }

    /** One datagram from {@code fromIp} to {@code toIp}: "delivered" or "dropped..." (nothing within the timeout). */
    private static String udp(String fromIp, String toIp) throws IOException {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(toIp, 0));
                DatagramSocket sender = new DatagramSocket(new InetSocketAddress(fromIp, 0))) {
            receiver.setSoTimeout(TIMEOUT_MS);
            byte[] ping = {42};
            try {
                sender.send(new DatagramPacket(ping, 1, InetAddress.getByName(toIp), receiver.getLocalPort()));
            } catch (IOException e) {
                // A packet dropped in OUTPUT fails the sending call itself (EPERM).
                return "dropped(send: " + e.getMessage() + ")";
            }
            try {
                receiver.receive(new DatagramPacket(new byte[1], 1));
                return "delivered";
            } catch (SocketTimeoutException e) {
                return "dropped";
            }
        }
    }
}
