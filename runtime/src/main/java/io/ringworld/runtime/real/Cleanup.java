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
    /** Set once the hook runs: the campaign's main thread goes on meanwhile, and what it makes then is undone at once. */
    private static boolean stopping;

    private Cleanup() {
    }

    static <T extends AutoCloseable> T register(T resource) {
        synchronized (Cleanup.class) {
            if (!stopping) {
                return push(resource);
            }
        }
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("campaign cleanup: " + resource + ": " + e);
        }
        throw new IllegalStateException("the campaign is stopping (Ctrl-C or SIGTERM): " + resource + " undone");
    }

    private static <T extends AutoCloseable> T push(T resource) {
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
        synchronized (Cleanup.class) {
            stopping = true;
        }
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
