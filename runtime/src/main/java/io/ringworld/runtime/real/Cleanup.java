package io.ringworld.runtime.real;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a run must undo even when the JVM is stopped by Ctrl-C or SIGTERM: node processes, link
 * proxies, loop mounts. Each is registered while it lives; a shutdown hook closes the rest, newest
 * first. (Firewall rules need nothing: they live in the campaign's own namespace and end with it.)
 */
final class Cleanup {
    private static final Deque<AutoCloseable> LIVE = new ArrayDeque<>();
    private static boolean hooked;

    private Cleanup() {
    }

    static synchronized <T extends AutoCloseable> T register(T resource) {
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::closeAll, "ringworld-campaign-cleanup"));
        }
        LIVE.push(resource);
        return resource;
    }

    static synchronized void closed(AutoCloseable resource) {
        LIVE.remove(resource);
    }

    private static void closeAll() {
        while (true) {
            AutoCloseable next;
            synchronized (Cleanup.class) {
                next = LIVE.poll();
            }
            if (next == null) {
                return;
            }
            try {
                next.close();
            } catch (Exception e) {
                System.err.println("campaign cleanup: " + next + ": " + e);
            }
        }
    }
}
