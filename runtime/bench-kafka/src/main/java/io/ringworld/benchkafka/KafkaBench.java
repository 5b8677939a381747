package io.ringworld.benchkafka;

import io.ringworld.runtime.bench.RunResult;
import io.ringworld.runtime.bench.Workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The RingWorld bench's append workloads on Kafka: one topic with one partition of 3 replicas,
 * {@code min.insync.replicas=2}, {@code flush.messages=1} (every message forced to disk, as
 * RingWorld forces before it acknowledges); a producer with {@code acks=all} and idempotence;
 * a window of sends outstanding (a permit per send, freed by its callback), measured like
 * RingWorld's runs (HdrHistogram, per-second series, warm-up dropped).
 */
final class KafkaBench {
    static final String DURABILITY = "acks=all, min.insync.replicas=2, flush.messages=1 (each replica forces its log after every batch it appends, before it counts for acks=all)";
    private static final long LATENCY_NANOS_MAX = TimeUnit.SECONDS.toNanos(60);

    private final String bootstrap;
    private final byte[] payload;

    private final int batchBytes;

    KafkaBench(String bootstrap, int payloadBytes, long seed, int batchBytes) {
        this.bootstrap = bootstrap;
        this.batchBytes = batchBytes;
        this.payload = new byte[payloadBytes];
        new Random(seed).nextBytes(payload);
    }

    /** Creates {@code topic} once the brokers answer (they elect a controller first). */
    void createTopic(String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3).configs(Map.of("min.insync.replicas", "2",
                        "flush.messages", "1")))).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka did not create " + topic + " within 120 s: " + e, e);
                }
                Thread.sleep(1000);
            }
        }
    }

    RunResult run(String topic, Workload workload, int window, int warmupSeconds, int seconds) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        // The producer packs the records waiting behind its in-flight requests into batches of up
        // to this many bytes, each forced once per replica (flush.messages counts a batch's
        // records at once): Kafka's own batching, as a user tuning it for throughput sets it.
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(batchBytes));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Math.max(batchBytes, 1 << 20) + (64 << 10)));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Recorder recorder = new Recorder(LATENCY_NANOS_MAX, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Histogram total = new Histogram(LATENCY_NANOS_MAX, 3);
        List<Long> series = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            Semaphore slots = new Semaphore(window);
            long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
            long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
            long nextSecond = warmupEnd + TimeUnit.SECONDS.toNanos(1);
            boolean measuring = false;
            Histogram interval = null;
            long now;
            while ((now = System.nanoTime()) < end) {
                if (!measuring && now >= warmupEnd) {
                    recorder.getIntervalHistogram(); // the warm-up's
                    ok.set(0);
                    failed.set(0);
                    measuring = true;
                }
                if (measuring && now >= nextSecond) {
                    interval = recorder.getIntervalHistogram(interval);
                    total.add(interval);
                    series.add(interval.getTotalCount());
                    System.err.printf("\rkafka %-10s %d/%d s  %,10d ops/s   ", workload.cliName, series.size(), seconds,
                            interval.getTotalCount());
                    nextSecond += TimeUnit.SECONDS.toNanos(1);
                }
                if (!slots.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                long began = System.nanoTime();
                boolean counted = measuring;
                producer.send(new ProducerRecord<>(topic, payload), (metadata, e) -> {
                    if (counted) {
                        if (e == null) {
                            recorder.recordValue(Math.min(System.nanoTime() - began, LATENCY_NANOS_MAX));
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                    slots.release();
                });
            }
            long okCount = ok.get();
            long failedCount = failed.get();
            interval = recorder.getIntervalHistogram(interval);
            total.add(interval);
            producer.flush();
            System.err.println();
            return new RunResult(workload, 1, window, payload.length, seconds, total, series, okCount, failedCount, 0);
        }
    }
}
