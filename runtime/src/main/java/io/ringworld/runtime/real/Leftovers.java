package io.ringworld.runtime.real;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Finds the node processes an interrupted run left behind and kills them. Each run folder under
 * the root holds a {@code pids} file, one {@code pid name} per line; a pid is killed only if it
 * is alive and its command line names that run folder, so that a pid the kernel has since given
 * to another program is never touched.
 */
final class Leftovers {
    static final String PIDS_FILE = "pids";

    private Leftovers() {}

    /** A process this class killed: its pid, the name the pids file gave it, and its command line. */
    record Killed(long pid, String name, String commandLine) {}

    /** Reads {@code root/*}{@code /pids} and SIGKILLs the live processes whose command line names their run folder. */
    static List<Killed> killNodes(Path root) throws IOException {
        Path r = root.toAbsolutePath().normalize();
        List<Killed> killed = new ArrayList<>();
        if (!Files.isDirectory(r)) {
            return killed;
        }
        Set<Long> spared = ourselvesAndAncestors();
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(r, Files::isDirectory)) {
            for (Path run : runs) {
                Path pids = run.resolve(PIDS_FILE);
                if (Files.isRegularFile(pids)) {
                    killListed(run, pids, spared, killed);
                }
            }
        }
        return killed;
    }

    private static void killListed(Path run, Path pids, Set<Long> spared, List<Killed> killed) throws IOException {
        for (String line : Files.readAllLines(pids)) {
            String[] f = line.trim().split("\\s+", 2);
            if (f[0].isEmpty() || !f[0].chars().allMatch(Character::isDigit)) {
                continue; // blank or torn line: the run was cut while writing it
            }
            long pid = Long.parseLong(f[0]);
            String name = f.length > 1 ? f[1] : "";
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            List<String> args = arguments(pid);
            if (p.isEmpty() || !p.get().isAlive() || spared.contains(pid) || !(names(args, run) || names(args, realPath(run)))) {
                continue;
            }
            p.get().destroyForcibly(); // SIGKILL on Linux: a node left behind gets no say
            try {
                p.get().onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("Leftovers: pid " + pid + " (" + name + ") still there 5 s after SIGKILL: " + e);
            }
            killed.add(new Killed(pid, name, String.join(" ", args)));
        }
    }

    /** Whether one of the arguments is the run folder or a path inside it ("/runs/r1" must not match "/runs/r10/x"). */
    static boolean names(List<String> arguments, Path run) {
        String dir = run.toString();
        for (String arg : arguments) {
            int at = arg.indexOf(dir);
            while (at >= 0) {
                int end = at + dir.length();
                if (end == arg.length() || arg.charAt(end) == '/') {
                    return true;
                }
                at = arg.indexOf(dir, at + 1);
            }
        }
        return false;
    }

    /** The arguments in /proc/PID/cmdline (NUL-separated); none when the process is gone, a zombie or a kernel thread. */
    static List<String> arguments(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String text = new String(raw, StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A node may have been given the run folder's real path (symbolic links resolved) or the path as written. */
    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    /** This JVM and its ancestors: a recycled pid that is ours would otherwise pass the command-line test. */
    private static Set<Long> ourselvesAndAncestors() {
        Set<Long> out = new HashSet<>();
        Optional<ProcessHandle> p = Optional.of(ProcessHandle.current());
        while (p.isPresent()) {
            out.add(p.get().pid());
            p = p.get().parent();
        }
        return out;
    }
}
