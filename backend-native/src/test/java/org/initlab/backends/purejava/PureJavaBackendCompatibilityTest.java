package org.initlab.backends.purejava;

import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.kit.BackendCompatibilityKit;

/** Runs the backend compatibility kit against the pure-Java backend with two worker threads. */
class PureJavaBackendCompatibilityTest extends BackendCompatibilityKit {
    @Override
    protected BackendProvider provider() {
        return new PureJavaBackendProvider();
    }
}
