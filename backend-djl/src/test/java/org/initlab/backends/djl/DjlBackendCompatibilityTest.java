package org.initlab.backends.djl;

import org.initlab.core.backend.BackendProvider;
import org.initlab.testkit.backend.BackendCompatibilityKit;

/** Runs the backend compatibility kit against the DJL / PyTorch backend with two intra-op threads. */
class DjlBackendCompatibilityTest extends BackendCompatibilityKit {
    @Override
    protected BackendProvider provider() {
        return new DjlBackendProvider();
    }
}
