package io.ringworld.conformance.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The kernel's API boundary, checked on every host this repository builds: no class outside the
 * kernel (the simulator, the CLI, the conformance replay and trace validation, and every later
 * host under {@code io.ringworld}) uses a package the kernel's {@code module-info} does not
 * export. The modules that use the kernel sit on the class path, where the module system does
 * not enforce its exports; this test does. The non-exported packages are read from the kernel's
 * compiled module descriptor, so a package added later is covered without editing this test.
 */
class KernelApiBoundaryTest {
    /** Every package of the kernel module that its module-info does not export. */
    static Set<String> nonExportedKernelPackages() throws Exception {
        Path kernel = Path.of(io.ringworld.kernel.Config.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module = ModuleFinder.of(kernel).findAll().iterator().next().descriptor();
        assertEquals("io.ringworld.kernel", module.name(), "the kernel is a named module (" + kernel + ")");
        Set<String> hidden = new TreeSet<>(module.packages());
        module.exports().forEach(e -> hidden.remove(e.source()));
        return hidden;
    }

    static ArchRule hostsUseOnlyTheExportedApi(Set<String> hidden) {
        return noClasses().that().resideOutsideOfPackage("io.ringworld.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage(hidden.toArray(String[]::new))
                .because("a host may use only what the kernel's module-info exports");
    }

    @Test
    void theKernelHidesItsInternalsAndNoHostUsesThem() throws Exception {
        Set<String> hidden = nonExportedKernelPackages();
        assertTrue(hidden.contains("io.ringworld.kernel.internal"), "non-exported: " + hidden);
        JavaClasses hosts = new ClassFileImporter().importPackages("io.ringworld.runtime", "io.ringworld.conformance");
        assertTrue(hosts.contain("io.ringworld.runtime.sim.Simulation")
                && hosts.contain("io.ringworld.conformance.replay.KernelReplayer"),
                "the simulator and the replay are among the " + hosts.size() + " host classes checked");
        hostsUseOnlyTheExportedApi(hidden).check(hosts);
    }

    @Test
    void aPlantedHostThatUsesKernelInternalsIsReported() throws Exception {
        JavaClasses planted = new ClassFileImporter().importPackages("io.ringworld.archfixture");
        EvaluationResult result = hostsUseOnlyTheExportedApi(nonExportedKernelPackages()).evaluate(planted);
        assertTrue(result.hasViolation(), "the planted use of LongMap must be reported");
        assertFalse(result.getFailureReport().getDetails().isEmpty());
        assertTrue(result.getFailureReport().toString().contains("LongMap"), result.getFailureReport().toString());
    }
}
