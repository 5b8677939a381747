package io.ringworld.client.example;

import io.ringworld.client.ReadResult;
import io.ringworld.client.RingWorldClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The README's example: append a line, read it back, print the tail (compiled by every build). */
public final class AppendAndRead {
    public static void main(String[] args) throws Exception {
        // args: the cluster file (e.g. /tmp/rw/cluster.yaml) and a client name from it (e.g. cli)
        try (RingWorldClient log = RingWorldClient.connect(Path.of(args[0]), args[1])) {
            long index = log.append("hello, ring".getBytes(StandardCharsets.UTF_8)).get();
            ReadResult r = log.read(index).get();
            if (r instanceof ReadResult.Value v) {
                System.out.println(index + ": " + new String(v.data(), StandardCharsets.UTF_8));
            }
            System.out.println("tail: " + log.getTail().get());
        }
    }
}
