package io.ringworld.runtime.real;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this process can do to its host, detected once, each with a reason when it cannot: the
 * campaign runs the fault groups it can and lists the others with why, instead of failing late
 * halfway through a run.
 */
public final class Capabilities {
    /**
     * The initial network namespace's inode, fixed since Linux 6.18 ({@code NET_NS_INIT_INO} in
     * include/uapi/linux/nsfs.h). Namespaces created later get numbers from 0xF0000000 up, so a
     * process whose namespace has this number is in the initial one on every kernel.
     */
    static final long NET_NS_INIT_INO = 0xEFFFFFF9L;

    private final Check root;
    private final Check unshareNet;
    private final Check iptables;
    private final Check loopDisks;

    /** One capability: whether this process has it and, when not, why (empty when it has it). */
    public record Check(boolean ok, String whyNot) {
        static Check yes() {
            return new Check(true, "");
        }

        static Check no(String whyNot) {
            return new Check(false, whyNot);
        }
    }

    /** An answer that may be unknown: code acting on the host must treat UNKNOWN as NO. */
    public enum Answer { YES, NO, UNKNOWN }

    /** Whether this process runs in a network namespace other than the initial one, and why we think so. */
    public record OwnNetNamespace(Answer answer, String why) {}

    private Capabilities(Check root, Check unshareNet, Check iptables, Check loopDisks) {
        this.root = root;
        this.unshareNet = unshareNet;
        this.iptables = iptables;
        this.loopDisks = loopDisks;
    }

    /** Probes this process: reads /proc, and runs {@code unshare -n} in throwaway namespaces only. */
    public static Capabilities detect() {
        Check root = detectRoot();
        Check unshare = probe("unshare", "unshare", "-n", "true");
        // In a fresh namespace: the probe proves iptables works without touching the host's rules.
        Check iptables = unshare.ok() ? probe("iptables", "unshare", "-n", "iptables", "-w", "-N", "RINGWORLD_PROBE")
                : Check.no("iptables not tried: unshare -n does not work");
        return new Capabilities(root, unshare, iptables, detectLoopDisks());
    }

    public Check root() {
        return root;
    }

    public Check unshareNet() {
        return unshareNet;
    }

    public Check iptables() {
        return iptables;
    }

    public Check loopDisks() {
        return loopDisks;
    }

    /** Links can be cut: as root, in a namespace of our own, with iptables. */
    public boolean canCutNetwork() {
        return root.ok() && unshareNet.ok() && iptables.ok();
    }

    /** A log server's disk can be filled: as root, with loop devices, mkfs.ext4 and mount. */
    public boolean canFillDisks() {
        return root.ok() && loopDisks.ok();
    }

    /** The fault groups that cannot run, each with why, e.g. "network cuts: not root"; empty when all can. */
    public List<String> missing() {
        List<String> out = new ArrayList<>();
        addMissing(out, "network cuts", List.of(root, unshareNet, iptables));
        addMissing(out, "full disks", List.of(root, loopDisks));
        return out;
    }

    private static void addMissing(List<String> out, String group, List<Check> needs) {
        List<String> why = new ArrayList<>();
        for (Check c : needs) {
            if (!c.ok()) {
                why.add(c.whyNot());
            }
        }
        if (!why.isEmpty()) {
            out.add(group + ": " + String.join("; ", why));
        }
    }

    @Override
    public String toString() {
        List<String> m = missing();
        return m.isEmpty() ? "all fault groups can run" : String.join("\n", m);
    }

    private static Check detectRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    // Uid: real effective saved fs; what the kernel checks is the effective one.
                    String euid = line.substring(4).trim().split("\\s+")[1];
                    return "0".equals(euid) ? Check.yes() : Check.no("not root (euid " + euid + ")");
                }
            }
            return Check.no("not root: no Uid line in /proc/self/status");
        } catch (IOException | RuntimeException e) {
            return Check.no("not root: cannot read /proc/self/status: " + e.getMessage());
        }
    }

    private static Check detectLoopDisks() {
        for (String command : List.of("losetup", "mkfs.ext4", "mount", "umount", "fallocate")) {
            if (!onPath(command)) {
                return Check.no(command + " not found on PATH");
            }
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            return Check.no("no /dev/loop-control (loop devices unavailable, e.g. an unprivileged container)");
        }
        // Prints the first free loop device without attaching anything.
        return probe("loop devices", "losetup", "-f");
    }

    private static Check probe(String what, String... command) {
        try {
            OsCommand.run(command);
            return Check.yes();
        } catch (OsCommand.Failed e) {
            return Check.no(what + ": " + e.getMessage());
        }
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this process runs in a network namespace other than the initial one: compares
     * /proc/self/ns/net with /proc/1/ns/net. When pid 1's link cannot be read (a container may
     * forbid it even to root), falls back on the initial namespace's fixed inode number, which
     * settles the question only on Linux 6.18 and later; otherwise the answer is UNKNOWN.
     */
    public static OwnNetNamespace inOwnNetNamespace() {
        return decide(readLink("/proc/self/ns/net"), readLink("/proc/1/ns/net"), readOsRelease());
    }

    /** The decision of {@link #inOwnNetNamespace()}, from the link texts (null when unreadable) and the kernel release. */
    static OwnNetNamespace decide(String self, String init, String kernelRelease) {
        if (self == null) {
            return new OwnNetNamespace(Answer.UNKNOWN, "/proc/self/ns/net is unreadable");
        }
        if (init != null) {
            return self.equals(init)
                    ? new OwnNetNamespace(Answer.NO, "same namespace as pid 1: " + self)
                    : new OwnNetNamespace(Answer.YES, self + ", pid 1 is in " + init);
        }
        long inode = inode(self);
        if (inode == NET_NS_INIT_INO) {
            return new OwnNetNamespace(Answer.NO, self + " is the initial namespace's fixed number (pid 1 unreadable)");
        }
        if (inode > 0 && atLeast(kernelRelease, 6, 18)) {
            return new OwnNetNamespace(Answer.YES,
                    self + " is not the initial namespace's fixed number on kernel " + kernelRelease + " (pid 1 unreadable)");
        }
        return new OwnNetNamespace(Answer.UNKNOWN,
                "/proc/1/ns/net is unreadable and kernel " + kernelRelease + " predates the fixed initial number; self is " + self);
    }

    private static long inode(String link) {
        Matcher m = Pattern.compile("net:\\[(\\d+)]").matcher(link);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static boolean atLeast(String release, int major, int minor) {
        Matcher m = Pattern.compile("(\\d+)\\.(\\d+).*").matcher(release == null ? "" : release.trim());
        if (!m.matches()) {
            return false;
        }
        int ma = Integer.parseInt(m.group(1));
        return ma > major || (ma == major && Integer.parseInt(m.group(2)) >= minor);
    }

    private static String readLink(String link) {
        try {
            return Files.readSymbolicLink(Path.of(link)).toString();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static String readOsRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
