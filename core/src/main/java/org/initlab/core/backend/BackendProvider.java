package org.initlab.core.backend;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Makes a compute backend discoverable through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.initlab.core.backend.BackendProvider}). Modelled on DJL's
 * {@code EngineProvider}.
 *
 * <p>Contract: a public no-argument constructor; construction, {@link #name()}, {@link #rank()} and
 * {@link #availability()} are cheap and load no native code; {@link #create} does the expensive work.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface BackendProvider {

    /** @return the unique lowercase name, used by {@code --backend} */
    String name();

    /**
     * The preference among available backends: the highest rank wins when the user names none. The pure-Java
     * backend has rank 10; a GPU backend should rank above it, a CPU-only native-library backend below.
     *
     * @return the rank
     */
    int rank();

    /** @return whether the backend can run here, with the device or the reason */
    Availability availability();

    /**
     * Creates the backend.
     *
     * @param options creation settings
     * @return the backend; close it when done
     * @throws IllegalStateException when the backend cannot start here (the message says why)
     */
    Backend create(BackendOptions options);
}
