package io.ringworld.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * A switch's lives, counted in its data directory. Only cluster initialisation writes the file
 * with {@code next=0}: the one life that boots view 0 and may mint its token. Every start takes
 * {@code next} as its incarnation and writes {@code next + 1}, forced (file and directory) before
 * the node sends anything, so no two lives share a ballot and no second view-0 token can exist
 * even if the process dies right after. A missing file in a directory the cluster initialised is
 * refused: a switch must not boot view 0 a second time.
 */
final class Incarnations {
    static final String FILE = "switch.incarnation";

    private Incarnations() {
    }

    /** Cluster initialisation: this switch's first life will boot view 0. Refused if the directory has one. */
    static void initialise(Path dir, UUID clusterId) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(FILE);
        if (Files.exists(f)) {
            throw new IOException(f + " exists: the switch's directory was initialised before (remove it only to build a new cluster)");
        }
        write(dir, clusterId, 0);
    }

    /** Takes the next incarnation for this start and durably counts it used. */
    static long takeNext(Path dir, UUID clusterId) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            throw new IOException(f + " is missing: run cluster initialisation first (a switch never boots view 0 on its own)");
        }
        String text = Files.readString(f, StandardCharsets.US_ASCII);
        String expectCluster = "cluster=" + clusterId;
        if (!text.contains(expectCluster)) {
            throw new IOException(f + " belongs to another cluster (expected " + expectCluster + "): refusing to start");
        }
        long next;
        try {
            next = Long.parseLong(text.replaceAll("(?s).*next=(\\d+).*", "$1"));
        } catch (NumberFormatException e) {
            throw new IOException(f + ": no valid next=N line", e);
        }
        write(dir, clusterId, next + 1);
        return next;
    }

    private static void write(Path dir, UUID clusterId, long next) throws IOException {
        Path tmp = dir.resolve(FILE + ".tmp");
        byte[] bytes = ("cluster=" + clusterId + "\nnext=" + next + "\n").getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself must survive a crash
        }
    }
}
