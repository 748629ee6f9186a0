package io.slaguard.testsupport;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * ArchUnit imports a module's main classes only, whatever its build folder is called ({@code -Dsla.build.dir}
 * gives {@code target-…/test-classes}, which ArchUnit's own option does not recognise).
 */
public final class MainClassesOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
        return !location.contains("/test-classes/");
    }
}
