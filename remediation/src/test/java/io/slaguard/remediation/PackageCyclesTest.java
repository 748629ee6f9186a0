package io.slaguard.remediation;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import io.slaguard.testsupport.MainClassesOnly;

/** Each package of the module depends on the others in one direction only, so each can be read on its own. */
@AnalyzeClasses(packages = "io.slaguard.remediation", importOptions = MainClassesOnly.class)
class PackageCyclesTest {
    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("io.slaguard.remediation.(*)..").should().beFreeOfCycles()
            .allowEmptyShould(true);
}
