package io.ringworld.benchkafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;

/**
 * Three Kafka brokers, each broker and KRaft controller in one process (combined mode), on free
 * loopback ports, their data in a temporary folder: formatted with Kafka's StorageTool, started
 * with {@code kafka.Kafka}, stopped (SIGTERM, then SIGKILL) when closed, and by a shutdown hook.
 */
final class KafkaCluster implements AutoCloseable {
    static final int BROKERS = 3;

    /**
     * The brokers' JVM options as Kafka's own start scripts set them ({@code kafka-server-start.sh}'s
     * heap, {@code kafka-run-class.sh}'s performance options): what a user running Kafka gets.
     */
    static final List<String> KAFKA_SCRIPT_JVM = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-XX:MaxInlineLevel=15");

    private final Path dir;
    private final List<String> brokerJvm;
    private final List<Process> processes = new ArrayList<>();
    private final int[] brokerPorts = new int[BROKERS];

    /** Three brokers in {@code dir}, each a JVM with {@code brokerJvm} options. */
    KafkaCluster(Path dir, List<String> brokerJvm) throws Exception {
        this.dir = dir;
        this.brokerJvm = List.copyOf(brokerJvm);
        int[] controllerPorts = new int[BROKERS];
        io.ringworld.node.LocalCluster.FreePorts ports = new io.ringworld.node.LocalCluster.FreePorts();
        for (int n = 0; n < BROKERS; n++) {
            brokerPorts[n] = ports.port();
            controllerPorts[n] = ports.port();
        }
        StringBuilder voters = new StringBuilder();
        for (int n = 0; n < BROKERS; n++) {
            voters.append(n == 0 ? "" : ",").append(n + 1).append("@127.0.0.1:").append(controllerPorts[n]);
        }
        String clusterId = Uuid.randomUuid().toString();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroyForcibly)));
        for (int n = 0; n < BROKERS; n++) {
            Path props = dir.resolve("broker-" + (n + 1) + ".properties");
            Files.writeString(props, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=" + (n + 1),
                    "controller.quorum.voters=" + voters,
                    "listeners=PLAINTEXT://127.0.0.1:" + brokerPorts[n] + ",CONTROLLER://127.0.0.1:" + controllerPorts[n],
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPorts[n],
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "inter.broker.listener.name=PLAINTEXT",
                    "log.dirs=" + dir.resolve("data-" + (n + 1)),
                    "offsets.topic.replication.factor=3",
                    "transaction.state.log.replication.factor=3",
                    "transaction.state.log.min.isr=2",
                    "group.initial.rebalance.delay.ms=0") + "\n");
            run(List.of("-Xmx768m"), List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", props.toString()),
                    dir.resolve("format-" + (n + 1) + ".log"), true);
        }
        for (int n = 0; n < BROKERS; n++) {
            processes.add(run(brokerJvm, List.of("kafka.Kafka", dir.resolve("broker-" + (n + 1) + ".properties").toString()),
                    dir.resolve("broker-" + (n + 1) + ".log"), false));
        }
    }

    String bootstrap() {
        StringBuilder b = new StringBuilder();
        for (int n = 0; n < BROKERS; n++) {
            b.append(n == 0 ? "" : ",").append("127.0.0.1:").append(brokerPorts[n]);
        }
        return b.toString();
    }

    Path dir() {
        return dir;
    }

    private static Process run(List<String> jvm, List<String> mainAndArgs, Path log, boolean wait) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        cmd.addAll(mainAndArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (wait) {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", mainAndArgs) + " failed; see " + log);
            }
        }
        return p;
    }

    @Override
    public void close() throws InterruptedException {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        for (int n = 0; n < BROKERS; n++) { // the brokers' logs (GiBs after a run); their process logs stay
            io.ringworld.node.LocalCluster.deleteTree(dir.resolve("data-" + (n + 1)));
        }
    }
}
