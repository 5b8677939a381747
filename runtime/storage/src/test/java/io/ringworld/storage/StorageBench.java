package io.ringworld.storage;

import io.ringworld.kernel.DurableRecord;
import io.ringworld.kernel.Entry;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.View;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The storage benchmark (a CLI, not a test): K producer threads append 1-entry persists through
 * the group committer on a real disk, at most {@code --window} outstanding; prints durable
 * records/s, forces/s, records per force and the append-to-durable latency; then a baseline in
 * the same run, one force per record. Usage:
 * {@code StorageBench --records N --payload-bytes 1024 --writers K --dir DIR [--window W]
 * [--segment-bytes B] [--baseline-records M] [--seed S]}
 */
public final class StorageBench {
    private StorageBench() {
    }

    /** The real file layer, counting forces (the figure the group commit is about). */
    static final class CountingLayer implements FileLayer {
        final AtomicLong forces = new AtomicLong();
        private final FileLayer real = NioFileLayer.INSTANCE;

        @Override
        public Handle open(Path file) throws IOException {
            return counted(real.open(file));
        }

        @Override
        public Handle create(Path file) throws IOException {
            return counted(real.create(file));
        }

        private Handle counted(Handle h) {
            return new Handle() {
                @Override
                public void write(ByteBuffer src, long position) throws IOException {
                    h.write(src, position);
                }

                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    return h.read(dst, position);
                }

                @Override
                public void force() throws IOException {
                    forces.incrementAndGet();
                    h.force();
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
            };
        }

        @Override
        public boolean exists(Path path) {
            return real.exists(path);
        }

        @Override
        public void delete(Path file) throws IOException {
            real.delete(file);
        }

        @Override
        public void rename(Path from, Path to) throws IOException {
            real.rename(from, to);
        }

        @Override
        public List<String> list(Path dir) throws IOException {
            return real.list(dir);
        }

        @Override
        public void createDirectories(Path dir) throws IOException {
            real.createDirectories(dir);
        }

        @Override
        public void forceDirectory(Path dir) throws IOException {
            forces.incrementAndGet();
            real.forceDirectory(dir);
        }

        @Override
        public Closeable lock(Path lockFile) throws IOException {
            return real.lock(lockFile);
        }
    }

    record Args(long records, int payloadBytes, int writers, Path dir, int window, long segmentBytes, long baselineRecords, long seed) {
        static Args parse(String[] a) {
            long records = 500_000;
            int payload = 1024;
            int writers = 4;
            Path dir = Path.of(System.getProperty("java.io.tmpdir"));
            int window = 16_384;
            long segment = StoreOptions.DEFAULT_SEGMENT_BYTES;
            long baseline = 2_000;
            long seed = System.nanoTime();
            for (int i = 0; i < a.length; i++) {
                String v = i + 1 < a.length ? a[i + 1] : null;
                switch (a[i]) {
                    case "--records" -> records = Long.parseLong(v);
                    case "--payload-bytes" -> payload = Integer.parseInt(v);
                    case "--writers" -> writers = Integer.parseInt(v);
                    case "--dir" -> dir = Path.of(v);
                    case "--window" -> window = Integer.parseInt(v);
                    case "--segment-bytes" -> segment = Long.parseLong(v);
                    case "--baseline-records" -> baseline = Long.parseLong(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + a[i]
                            + "; options: --records N --payload-bytes B --writers K --dir DIR --window W --segment-bytes B --baseline-records M --seed S");
                }
                i++;
            }
            return new Args(records, payload, writers, dir, window, segment, baseline, seed);
        }
    }

    public static void main(String[] argv) throws Exception {
        Args a = Args.parse(argv);
        Path root = Files.createDirectories(a.dir).resolve("ringworld-bench-" + ProcessHandle.current().pid());
        System.out.printf("StorageBench: records=%d payload-bytes=%d writers=%d window=%d segment-bytes=%d dir=%s seed=%d%n",
                a.records, a.payloadBytes, a.writers, a.window, a.segmentBytes, root, a.seed);
        Payload[] payloads = payloads(a);
        try {
            double group = groupCommit(a, root.resolve("group"), payloads);
            double single = baseline(a, root.resolve("baseline"), payloads);
            System.out.printf("ratio: group commit %.0f records/s vs one force per record %.0f records/s = %.0fx%n", group, single, group / single);
        } finally {
            deleteTree(root);
        }
    }

    private static Payload[] payloads(Args a) {
        Random rnd = new Random(a.seed);
        Payload[] p = new Payload[64];
        for (int i = 0; i < p.length; i++) {
            byte[] b = new byte[a.payloadBytes];
            rnd.nextBytes(b);
            p[i] = Payload.of(b);
        }
        return p;
    }

    private static double groupCommit(Args a, Path dir, Payload[] payloads) throws Exception {
        CountingLayer fs = new CountingLayer();
        long[] startNanos = new long[(int) a.records + 1];
        Histogram latency = new Histogram(60_000_000_000L, 3);
        Semaphore window = new Semaphore(a.window);
        CountDownLatch done = new CountDownLatch(1);
        Object submitLock = new Object();
        long[] nextId = {0};
        try (LogStore store = LogStore.initialise(dir, StoreOptions.of(UUID.randomUUID()).withFiles(fs).withSegmentBytes(a.segmentBytes));
             GroupCommitter committer = new GroupCommitter(store, id -> {
                 latency.recordValue(System.nanoTime() - startNanos[(int) id]);
                 window.release();
                 if (id == a.records) {
                     done.countDown();
                 }
             }, 10)) {
            long forcesBefore = fs.forces.get();
            long roundsBefore = committer.rounds();
            long t0 = System.nanoTime();
            Thread[] producers = new Thread[a.writers];
            for (int w = 0; w < a.writers; w++) {
                long share = a.records / a.writers + (w < a.records % a.writers ? 1 : 0);
                int self = w;
                producers[w] = new Thread(() -> {
                    for (long k = 0; k < share; k++) {
                        window.acquireUninterruptibly();
                        synchronized (submitLock) {
                            long id = ++nextId[0];
                            Entry e = new Entry(id, View.INITIAL, payloads[(int) ((id + self) % payloads.length)]);
                            startNanos[(int) id] = System.nanoTime();
                            committer.submit(id, List.of(new DurableRecord.PutEntry(e)));
                        }
                    }
                }, "producer-" + w);
                producers[w].start();
            }
            done.await();
            double seconds = (System.nanoTime() - t0) / 1e9;
            long forces = fs.forces.get() - forcesBefore;
            long rounds = committer.rounds() - roundsBefore;
            double rate = a.records / seconds;
            System.out.printf("group commit: %d records in %.2f s = %.0f durable records/s (%.1f MB/s of payload), %d forces = %.0f forces/s, %.1f records/force, %d rounds%n",
                    a.records, seconds, rate, rate * a.payloadBytes / 1e6, forces, forces / seconds, (double) a.records / forces, rounds);
            print("group commit append-to-durable latency", latency);
            return rate;
        }
    }

    private static double baseline(Args a, Path dir, Payload[] payloads) throws IOException {
        CountingLayer fs = new CountingLayer();
        Histogram latency = new Histogram(60_000_000_000L, 3);
        try (LogStore store = LogStore.initialise(dir, StoreOptions.of(UUID.randomUUID()).withFiles(fs).withSegmentBytes(a.segmentBytes))) {
            store.write(1, List.of(new DurableRecord.PutEntry(new Entry(1, View.INITIAL, payloads[0]))));
            store.force(); // the segment's allocation is not part of the baseline
            long forcesBefore = fs.forces.get();
            long t0 = System.nanoTime();
            for (long id = 2; id <= a.baselineRecords + 1; id++) {
                long s = System.nanoTime();
                store.write(id, List.of(new DurableRecord.PutEntry(new Entry(id, View.INITIAL, payloads[(int) (id % payloads.length)]))));
                store.force();
                latency.recordValue(System.nanoTime() - s);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double rate = a.baselineRecords / seconds;
            System.out.printf("baseline, one force per record: %d records in %.2f s = %.0f durable records/s, %d forces%n",
                    a.baselineRecords, seconds, rate, fs.forces.get() - forcesBefore);
            print("baseline latency", latency);
            return rate;
        }
    }

    private static void print(String what, Histogram h) {
        System.out.printf("%s (us): p50 %.0f  p90 %.0f  p99 %.0f  p99.9 %.0f  max %.0f%n", what,
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
