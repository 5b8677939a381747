package io.ringworld.storage;

import java.nio.file.Path;
import java.util.UUID;

/**
 * A second process for {@link DirectoryGuardTest}: tries to open the store in {@code args[0]} for
 * cluster {@code args[1]}; prints "OPENED" and exits 0, or prints the error's kind and message and
 * exits 3.
 */
public final class LockHolderMain {
    private LockHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        try (LogStore s = LogStore.openExisting(Path.of(args[0]), StoreOptions.of(UUID.fromString(args[1])).withSegmentBytes(1 << 16))) {
            System.out.println("OPENED");
        } catch (StorageException e) {
            System.out.println(e.kind() + " " + e.getMessage());
            System.exit(3);
        }
    }
}
