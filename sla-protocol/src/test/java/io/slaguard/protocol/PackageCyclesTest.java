package io.slaguard.protocol;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Each package of the module depends on the others in one direction only, so each can be read on its own. */
@AnalyzeClasses(packages = "io.slaguard.protocol", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {
    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("io.slaguard.protocol.(*)..").should().beFreeOfCycles()
            .allowEmptyShould(true);
}
