package io.ringworld.runtime.cli;

import io.ringworld.client.IndeterminateException;
import io.ringworld.client.ReadResult;
import io.ringworld.client.RingWorldClient;
import io.ringworld.net.ClusterFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** One-off operations on a running cluster: {@code ringworld append|read|tail|trim --cluster FILE}. */
final class LogCommands {
    private LogCommands() {
    }

    abstract static class Op implements Callable<Integer> {
        @Option(names = "--cluster", required = true, description = "The cluster file.")
        Path clusterFile;
        @Option(names = "--client", defaultValue = "cli", description = "The client entry of the cluster file to act as (default ${DEFAULT-VALUE}).")
        String client;

        @Override
        public Integer call() throws Exception {
            try (RingWorldClient c = RingWorldClient.connect(ClusterFile.read(clusterFile), client)) {
                return run(c);
            } catch (ExecutionException e) {
                boolean unknown = e.getCause() instanceof IndeterminateException;
                System.err.println(name() + ": " + e.getCause().getMessage());
                return unknown ? 3 : 1;
            } catch (java.util.concurrent.TimeoutException e) {
                System.err.println(name() + ": no answer within 10 s");
                return 3;
            }
        }

        abstract String name();

        abstract int run(RingWorldClient c) throws Exception;
    }

    @Command(name = "append", mixinStandardHelpOptions = true, description = "Appends TEXT (UTF-8); prints its index. Exit 3: outcome unknown.")
    static final class Append extends Op {
        @Parameters(index = "0", paramLabel = "TEXT")
        String text;

        String name() {
            return "append";
        }

        int run(RingWorldClient c) throws Exception {
            System.out.println(c.append(text.getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS));
            return 0;
        }
    }

    @Command(name = "read", mixinStandardHelpOptions = true, description = "Reads INDEX; prints the entry (UTF-8), or junk, trimmed, not-yet.")
    static final class Read extends Op {
        @Parameters(index = "0", paramLabel = "INDEX")
        long index;

        String name() {
            return "read";
        }

        int run(RingWorldClient c) throws Exception {
            if (index < 1) {
                System.err.println("read: INDEX must be 1 or more, not " + index);
                return 2;
            }
            ReadResult r = c.read(index).get(10, TimeUnit.SECONDS);
            if (r instanceof ReadResult.Value v) {
                System.out.println(new String(v.data(), StandardCharsets.UTF_8));
            } else {
                System.out.println(r.getClass().getSimpleName().toLowerCase());
            }
            return 0;
        }
    }

    @Command(name = "tail", mixinStandardHelpOptions = true, description = "Prints the tail: every index up to it is committed.")
    static final class Tail extends Op {
        String name() {
            return "tail";
        }

        int run(RingWorldClient c) throws Exception {
            System.out.println(c.getTail().get(10, TimeUnit.SECONDS));
            return 0;
        }
    }

    @Command(name = "trim", mixinStandardHelpOptions = true, description = "Trims every index below PREFIX.")
    static final class Trim extends Op {
        @Parameters(index = "0", paramLabel = "PREFIX")
        long prefix;

        String name() {
            return "trim";
        }

        int run(RingWorldClient c) throws Exception {
            System.out.println(c.trim(prefix).get(10, TimeUnit.SECONDS));
            return 0;
        }
    }
}
