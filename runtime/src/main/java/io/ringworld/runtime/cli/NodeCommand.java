package io.ringworld.runtime.cli;

import io.ringworld.node.NodeMain;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ringworld node --cluster FILE --id NAME}: runs one switch or log server until SIGTERM. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Runs one member of a cluster (a switch or a log server) in this process until SIGTERM (exit 0).")
final class NodeCommand implements Callable<Integer> {
    @Option(names = "--cluster", required = true, description = "The cluster file.")
    Path clusterFile;
    @Option(names = "--id", required = true, description = "The member's name in the cluster file.")
    String name;
    @Option(names = "--dataplane", defaultValue = "kernel", paramLabel = "kernel|p4",
            description = "What runs a switch: the kernel, or ringworld.p4 with the kernel as its agent (default ${DEFAULT-VALUE}).")
    String dataplane;

    @Override
    public Integer call() throws Exception {
        NodeMain.main(new String[] {"node", "--cluster", clusterFile.toString(), "--id", name, "--dataplane", dataplane});
        return 0;
    }
}
