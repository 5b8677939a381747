package io.ringworld.runtime.real;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What {@link LoopDisk#cleanupLeftovers(Path)} does: mounts and loop devices an interrupted run left under a root. */
final class LoopLeftovers {
    private static final String DELETED = " (deleted)";

    private LoopLeftovers() {}

    /** One line of /proc/mounts: what is mounted where. */
    record Mount(String source, Path point) {}

    /** An attached loop device and its image file. */
    record LoopDevice(String device, Path image) {}

    static List<String> cleanup(Path root) {
        Path r = realPath(root);
        if (r.getNameCount() < 2) {
            // "/" or "/tmp" would take in mounts that are not ours.
            throw new IllegalArgumentException("refusing to clean loop mounts under so broad a root: " + r);
        }
        List<String> done = new ArrayList<>();
        List<Path> mounts = loopMountsUnder(r);
        // Deepest first: a mount inside another must go before it.
        mounts.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path m : mounts) {
            if (LoopDisk.unmount(m)) {
                done.add("unmounted " + m);
            }
        }
        // Then every loop device whose image lies under the root, mounted or not (mount -o loop
        // detaches its device on unmount; one attached by hand or half set up does not go by itself).
        for (LoopDevice d : loopDevices()) {
            if (d.image().startsWith(r) && LoopDisk.detach(d.device())) {
                done.add("detached " + d.device() + " (" + d.image() + ")");
            }
        }
        return done;
    }

    /** /proc/mounts names real paths: a root reached through a symbolic link would match nothing. */
    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** Mount points under {@code root} whose source is a loop device, from /proc/mounts. */
    static List<Path> loopMountsUnder(Path root) {
        List<Path> out = new ArrayList<>();
        for (Mount m : mounts()) {
            if (m.source().startsWith("/dev/loop") && m.point().startsWith(root)) {
                out.add(m.point());
            }
        }
        return out;
    }

    /** The lines of /proc/mounts, with their octal escapes (\040 for a space) decoded. */
    static List<Mount> mounts() {
        List<Mount> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] f = line.split(" ");
                if (f.length >= 2) {
                    out.add(new Mount(unescape(f[0]), Path.of(unescape(f[1]))));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/mounts: " + e.getMessage(), e);
        }
        return out;
    }

    static String unescape(String field) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Attached loop devices, from /sys/block/loop{@literal *}/loop/backing_file (no file when unattached). */
    static List<LoopDevice> loopDevices() {
        List<LoopDevice> out = new ArrayList<>();
        try (DirectoryStream<Path> blocks = Files.newDirectoryStream(Path.of("/sys/block"), "loop*")) {
            for (Path block : blocks) {
                Path backingFile = block.resolve("loop/backing_file");
                if (Files.isReadable(backingFile)) {
                    String image = Files.readString(backingFile).strip();
                    if (image.endsWith(DELETED)) {
                        image = image.substring(0, image.length() - DELETED.length());
                    }
                    out.add(new LoopDevice("/dev/" + block.getFileName(), Path.of(image)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /sys/block: " + e.getMessage(), e);
        }
        return out;
    }
}
