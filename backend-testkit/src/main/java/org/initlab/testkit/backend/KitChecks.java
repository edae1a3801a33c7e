package org.initlab.testkit.backend;

import org.initlab.core.backend.Backend;

/**
 * What the check interfaces of the {@link BackendCompatibilityKit} ({@link ConvolutionKitChecks},
 * {@link BatchNormKitChecks}, {@link DropoutKitChecks}) need from the kit: JUnit runs their default test
 * methods for every backend whose test subclasses the kit.
 */
public interface KitChecks {
    /** @return the backend under test, created before each test and closed after it */
    Backend backendUnderTest();

    /** @return a second backend from the same provider and options; the caller closes it */
    Backend anotherBackend();
}
