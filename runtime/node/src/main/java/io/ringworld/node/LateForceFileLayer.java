package io.ringworld.node;

import io.ringworld.storage.FileLayer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * The planted storage bug of a fault campaign ({@code --test-ack-before-force}), never for a real
 * log: a force returns at once and really forces only when {@link #FORCE_INTERVAL_MILLIS} passed
 * since the file's last real force, so the store acknowledges writes that are not durable yet
 * (as a log that fsyncs on a timer does). Under held writes ({@code --test-held-writes}) a kill
 * then loses acknowledged entries: the campaign must find it.
 */
final class LateForceFileLayer implements FileLayer {
    static final long FORCE_INTERVAL_MILLIS = 500;
    private final FileLayer files;

    LateForceFileLayer(FileLayer files) {
        this.files = files;
    }

    private static final class LateHandle implements Handle {
        private final Handle h;
        private long lastForceNanos = System.nanoTime();

        LateHandle(Handle h) {
            this.h = h;
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            h.write(src, position);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return h.read(dst, position);
        }

        @Override
        public synchronized void force() throws IOException {
            if (System.nanoTime() - lastForceNanos >= FORCE_INTERVAL_MILLIS * 1_000_000) {
                h.force();
                lastForceNanos = System.nanoTime();
            }
        }

        @Override
        public long size() throws IOException {
            return h.size();
        }

        @Override
        public void truncate(long sizeBytes) throws IOException {
            h.truncate(sizeBytes);
        }

        @Override
        public void close() throws IOException {
            h.close();
        }
    }

    @Override
    public Handle open(Path file) throws IOException {
        return new LateHandle(files.open(file));
    }

    @Override
    public Handle create(Path file) throws IOException {
        return new LateHandle(files.create(file));
    }

    @Override
    public boolean exists(Path path) {
        return files.exists(path);
    }

    @Override
    public void delete(Path file) throws IOException {
        files.delete(file);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        files.rename(from, to);
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        return files.list(dir);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        files.createDirectories(dir);
    }

    @Override
    public void forceDirectory(Path dir) throws IOException {
        files.forceDirectory(dir);
    }

    @Override
    public Closeable lock(Path lockFile) throws IOException {
        return files.lock(lockFile);
    }
}
