package io.ringworld.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding example of kernel/README.md ({@code src/example/java}) compiled as a module that
 * requires {@code io.ringworld.kernel}, against the kernel's compiled module, so it can only use
 * what {@code module-info.java} exports; then run. A copy of it that touches a package the kernel
 * does not export must not compile: that is how we know the check checks.
 */
class EmbeddingExampleTest {
    private static final Path EXAMPLE = Path.of("src", "example", "java");
    private static final Path KERNEL_MODULE = Path.of("target", "classes");

    @Test
    void exampleHostCompiledAgainstTheExportedApiServesAClient(@TempDir Path out) throws Exception {
        List<String> errors = compile(EXAMPLE, out);
        assertEquals(List.of(), errors, "the example host must compile against the exported API");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()},
                EmbeddingExampleTest.class.getClassLoader())) {
            Object outcomes = loader.loadClass("io.ringworld.example.EmbeddedHost").getMethod("run").invoke(null);
            ClientId client = new ClientId(0);
            assertEquals(List.of(new Effect.Outcome(client, 1, new Result.Appended(1)),
                    new Effect.Outcome(client, 2, new Result.ReadValue(1, Payload.ofString("hello"))),
                    new Effect.Outcome(client, 3, new Result.Tail(1))), outcomes);
        }
    }

    @Test
    void aHostThatUsesAPackageTheKernelDoesNotExportDoesNotCompile(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        copyTree(EXAMPLE, src);
        Path host = src.resolve("io/ringworld/example/EmbeddedHost.java");
        String text = Files.readString(host);
        String planted = text.replace("    public static void main(String[] args) {",
                "    static final io.ringworld.kernel.internal.EffectBuffer PLANTED = null;\n\n"
                        + "    public static void main(String[] args) {");
        assertFalse(planted.equals(text), "the planted line must go in");
        Files.writeString(host, planted);
        List<String> errors = compile(src, dir.resolve("out"));
        assertTrue(errors.stream().anyMatch(e -> e.contains("io.ringworld.kernel.internal")
                && e.contains("not visible")), "expected 'package io.ringworld.kernel.internal is not visible', got "
                + errors);
    }

    /**
     * The JDK's javac, in a process of its own, on every .java under {@code sources}, the kernel's
     * compiled module on the module path; its error lines (empty when it compiled). A process, not
     * javax.tools: these tests run inside the kernel module, which does not read java.compiler.
     */
    private static List<String> compile(Path sources, Path out) throws IOException, InterruptedException {
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        assertTrue(Files.isExecutable(javac), "a JDK's javac is needed at " + javac);
        assertTrue(Files.isRegularFile(KERNEL_MODULE.resolve("module-info.class")),
                "the kernel's compiled module-info is at " + KERNEL_MODULE.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of(javac.toString(), "-d", out.toString(),
                "--module-path", KERNEL_MODULE.toString(), "-Xlint:none", "-implicit:none"));
        try (Stream<Path> walk = Files.walk(sources)) {
            walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> command.add(p.toString()));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = process.waitFor();
        List<String> errors = new ArrayList<>();
        for (String line : output.split("\\R")) {
            if (line.contains("error:")) {
                errors.add(line);
            }
        }
        if (exit != 0 && errors.isEmpty()) {
            errors.add("javac exited " + exit + ": " + output);
        }
        return errors;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
