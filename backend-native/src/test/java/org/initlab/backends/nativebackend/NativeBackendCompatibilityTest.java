package org.initlab.backends.nativebackend;

import org.initlab.core.backend.BackendProvider;
import org.initlab.testkit.backend.BackendCompatibilityKit;

/** Runs the backend compatibility kit against the pure-Java backend with two worker threads. */
class NativeBackendCompatibilityTest extends BackendCompatibilityKit {
    @Override
    protected BackendProvider provider() {
        return new NativeBackendProvider();
    }
}
