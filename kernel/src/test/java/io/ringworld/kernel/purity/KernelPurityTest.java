package io.ringworld.kernel.purity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's main code uses no threads, concurrency, clocks, files, sockets or global randomness. */
class KernelPurityTest {
    private static Path mainSources() {
        String base = System.getProperty("basedir", ".");
        return Path.of(base, "src", "main", "java");
    }

    @Test
    void kernelMainCodeIsPure() throws IOException {
        Path root = mainSources();
        assertTrue(Files.isDirectory(root), "kernel sources not found at " + root.toAbsolutePath());
        List<PurityScanner.Violation> found = PurityScanner.scan(root);
        assertTrue(found.isEmpty(), "banned constructs in kernel main code:\n" + String.join("\n",
                found.stream().map(Object::toString).toList()));
    }

    @Test
    void scannerFindsPlantedViolationsWithFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("Planted.java");
        Files.writeString(f, String.join("\n",
                "package x;",                                              // 1
                "import java.util.concurrent.ConcurrentHashMap;",          // 2
                "class Planted {",                                         // 3
                "  // Thread in a comment is fine; so is \"nanoTime\"",     // 4
                "  long t = System.currentTimeMillis();",                  // 5
                "  double r = Math.random();",                             // 6
                "  java.util.Random u = new java.util.Random();",          // 7
                "  java.util.Random s = new java.util.Random(42);",        // 8
                "  void run() { new Thread(() -> {}).start(); }",          // 9
                "  String s2 = \"Thread.sleep in a string is fine\";",     // 10
                "  java.net.Socket sock;",                                 // 11
                "  Object o = java.util.concurrent.ThreadLocalRandom.current();", // 12
                "  /* System.nanoTime()",                                  // 13
                "     still a comment */ long n = System.nanoTime();",     // 14
                "}"));
        List<PurityScanner.Violation> found = PurityScanner.scan(dir);
        List<String> where = found.stream().map(v -> v.line() + ":" + v.rule()).toList();
        assertEquals(List.of("2:java.util.concurrent", "5:clock", "6:Math.random", "7:unseeded Random",
                "9:threads", "11:sockets", "12:java.util.concurrent", "12:ThreadLocalRandom", "14:clock"), where);
        assertTrue(found.get(0).toString().contains("Planted.java:2"), found.get(0).toString());
    }
}
