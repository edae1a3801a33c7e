package org.initlab.integrations.djl;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Keeps DJL offline. When DJL's {@code Engine} class first initializes it contacts the network on its own (it
 * asks the cloud instance-metadata address who runs it and sends telemetry), and when no native library is on the
 * class path it downloads one. The system properties set here stop all of that, but only when they are set
 * <em>before</em> any DJL class that loads the engine initializes: call {@link #configure()} first thing in
 * {@code main}, before {@code NDManager.newBaseManager()}, {@code Model.newInstance} or {@code Engine.getInstance()}.
 *
 * <p>This module itself never loads an engine: it creates no {@code NDManager} of its own and works only on
 * arrays and blocks the application already made, so by the time it runs the application's first DJL call has
 * decided. It does not call {@link #configure()} on its own for that reason: changing process-wide properties
 * from a library the application called late would change nothing and surprise the application.
 */
@API(status = EXPERIMENTAL, since = "0.5")
public final class DjlOffline {
    /** The properties set, each to {@code true}: DJL's offline switch (both spellings) and its telemetry opt-out. */
    static final String[] PROPERTIES = {"offline", "ai.djl.offline", "OPT_OUT_TRACKING"};

    private DjlOffline() {
    }

    /**
     * Sets {@code offline=true}, {@code ai.djl.offline=true} (no downloads of natives or models, no call home)
     * and {@code OPT_OUT_TRACKING=true} (no telemetry), each only when it is not set already. DJL reads an
     * environment variable of the same name first ({@code DJL_OFFLINE}), so an exported {@code DJL_OFFLINE=false}
     * still wins.
     */
    public static void configure() {
        for (String property : PROPERTIES) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, "true");
            }
        }
    }
}
