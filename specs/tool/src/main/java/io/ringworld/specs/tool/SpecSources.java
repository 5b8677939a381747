package io.ringworld.specs.tool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the TLA+ modules and our model configs come from: a directory the user names, else the
 * {@code specs/tla} of the checkout we run in (so an edited spec is what gets checked), else the
 * copy bundled in this jar, extracted once to a temporary directory.
 */
public final class SpecSources {
    private static final String BUNDLE = "io/ringworld/specs/tla";
    private final Path dir;
    private final String origin;

    private SpecSources(Path dir, String origin) {
        this.dir = dir;
        this.origin = origin;
    }

    /** The spec directory {@code dir}, which must hold RingWorld.tla. */
    public static SpecSources at(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs.resolve("RingWorld.tla"))) {
            throw new IllegalArgumentException("no RingWorld.tla in " + abs + " (the spec directory is specs/tla of a checkout)");
        }
        return new SpecSources(abs, abs.toString());
    }

    /** {@code specs/tla} above the working directory, else the bundled copy. */
    public static SpecSources locate() {
        for (Path c = Path.of("").toAbsolutePath(); c != null; c = c.getParent()) {
            Path tla = c.resolve("specs").resolve("tla");
            if (Files.isRegularFile(tla.resolve("RingWorld.tla"))) {
                return new SpecSources(tla, tla.toString());
            }
        }
        return bundled();
    }

    /** The copy of specs/tla bundled in this jar (or classes directory), extracted to a temp directory. */
    public static SpecSources bundled() {
        URL url = SpecSources.class.getClassLoader().getResource(BUNDLE + "/RingWorld.tla");
        if (url == null) {
            throw new IllegalStateException("the spec sources are not bundled on the class path (" + BUNDLE + ")");
        }
        try {
            Path out = Files.createTempDirectory("ringworld-specs-");
            if ("jar".equals(url.getProtocol())) {
                String jar = url.toString().substring(0, url.toString().indexOf("!/"));
                try (FileSystem fs = FileSystems.newFileSystem(java.net.URI.create(jar), Map.of())) {
                    copyFiles(fs.getPath(BUNDLE), out);
                }
            } else {
                copyFiles(Path.of(url.toURI()).getParent(), out);
            }
            out.toFile().deleteOnExit();
            return new SpecSources(out, "the copy of specs/tla bundled with this build");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyFiles(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(f.getFileName().toString());
                try (InputStream in = Files.newInputStream(f)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().deleteOnExit();
            }
        }
    }

    public Path dir() {
        return dir;
    }

    /** Where the sources came from, for the run's header. */
    public String origin() {
        return origin;
    }

    /** The model configs ({@code *.cfg}), sorted by name. */
    public List<String> cfgs() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cfg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies every .tla module into {@code work} (TLC runs there, never in the sources). */
    public void copyModulesTo(Path work) {
        try (Stream<Path> files = Files.list(dir)) {
            Files.createDirectories(work);
            for (Path f : files.filter(p -> p.toString().endsWith(".tla")).toList()) {
                Files.copy(f, work.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
