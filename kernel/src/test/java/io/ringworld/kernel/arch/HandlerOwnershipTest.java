package io.ringworld.kernel.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The switch's handlers own their state (issue: "handlers that own their state"), checked on the
 * compiled classes of {@code io.ringworld.kernel.sw}:
 * <ul>
 *   <li>a field is written only by the class that declares it (or a class nested in the same
 *       top-level class): no handler writes Switch's fields or another handler's, and Switch
 *       writes no handler's;</li>
 *   <li>no handler (Sequencing, Replication, Queries, Trims, ViewChange) touches another: what one
 *       needs of another, Switch passes as an argument, and a handler's decision comes back to
 *       Switch as a return value or a call on Switch, which applies it to every handler.</li>
 * </ul>
 * Both checks run on a planted pair of classes too, and must report it.
 */
class HandlerOwnershipTest {
    private static final Set<String> HANDLERS = Set.of("Sequencing", "Replication", "Queries", "Trims", "ViewChange");

    @Test
    void everyFieldOfTheSwitchPackageIsWrittenOnlyByItsOwnClass() {
        JavaClasses sw = importDir(Path.of("target", "classes", "io", "ringworld", "kernel", "sw"));
        assertTrue(sw.contain("io.ringworld.kernel.sw.Switch") && sw.contain("io.ringworld.kernel.sw.ViewChange"),
                "imported " + sw.size() + " classes");
        assertEquals(List.of(), foreignFieldWrites(sw));
    }

    @Test
    void noHandlerTouchesAnother() {
        JavaClasses sw = importDir(Path.of("target", "classes", "io", "ringworld", "kernel", "sw"));
        assertEquals(List.of(), crossHandlerAccesses(sw, HANDLERS));
    }

    @Test
    void bothChecksReportThePlantedClasses() {
        JavaClasses planted = importDir(Path.of("target", "test-classes", "io", "ringworld", "kernel", "archfixture"));
        List<String> writes = foreignFieldWrites(planted);
        assertEquals(1, writes.size(), writes.toString());
        assertTrue(writes.get(0).contains("Teller writes io.ringworld.kernel.archfixture.Ledger.balance"), writes.get(0));
        List<String> touches = crossHandlerAccesses(planted, Set.of("Ledger", "Teller"));
        assertTrue(touches.stream().anyMatch(t -> t.contains("Teller uses Ledger.balance()")), touches.toString());
    }

    private static JavaClasses importDir(Path dir) {
        assertTrue(Files.isDirectory(dir), "compiled classes at " + dir.toAbsolutePath());
        return new ClassFileImporter().importPath(dir);
    }

    /** Field writes whose field belongs to another top-level class than the writer. */
    static List<String> foreignFieldWrites(JavaClasses classes) {
        Set<String> out = new TreeSet<>();
        for (JavaClass c : classes) {
            for (JavaFieldAccess a : c.getFieldAccessesFromSelf()) {
                if (a.getAccessType() != JavaFieldAccess.AccessType.SET) {
                    continue;
                }
                JavaClass owner = a.getTarget().getOwner();
                if (!topLevel(owner).equals(topLevel(c))) {
                    out.add(topLevel(c).getSimpleName() + " writes " + owner.getName() + "." + a.getTarget().getName()
                            + " at " + a.getSourceCodeLocation());
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Any access (call, field read or write) from one of {@code handlers} to another of them. */
    static List<String> crossHandlerAccesses(JavaClasses classes, Set<String> handlers) {
        Set<String> out = new TreeSet<>();
        for (JavaClass c : classes) {
            String from = topLevel(c).getSimpleName();
            if (!handlers.contains(from)) {
                continue;
            }
            for (JavaAccess<?> a : c.getAccessesFromSelf()) {
                AccessTarget target = a.getTarget();
                String to = topLevel(target.getOwner()).getSimpleName();
                if (handlers.contains(to) && !to.equals(from)) {
                    String member = target.getName() + (target instanceof AccessTarget.CodeUnitAccessTarget ? "()" : "");
                    out.add(from + " uses " + to + "." + member + " at " + a.getSourceCodeLocation());
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass k = c;
        while (k.getEnclosingClass().isPresent()) {
            k = k.getEnclosingClass().get();
        }
        return k;
    }
}
