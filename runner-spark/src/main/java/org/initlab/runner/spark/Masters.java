package org.initlab.runner.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Checks a master URL before Spark sees it, so that a standalone master where nothing listens is one line
 * within seconds (Spark itself retries for a minute, then gives up in a background thread).
 */
final class Masters {
    /** How long to wait for a master to accept a connection. */
    static final int CONNECT_MILLIS = 5_000;

    private Masters() {
    }

    /**
     * @param master {@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]},
     *               {@code spark://HOST:PORT[,HOST:PORT...]}, {@code yarn} or {@code k8s://...}
     * @throws IllegalArgumentException for another form, or a standalone master none of whose hosts accepts a
     *                                  connection
     */
    static void check(String master) {
        if (master.matches("local(\\[(\\*|\\d+)(,\\d+)?])?") || master.equals("yarn") || master.startsWith("k8s://")) {
            return;
        }
        if (!master.startsWith("spark://")) {
            throw new IllegalArgumentException("--master '" + master + "': expected local[N], local[*] or "
                    + "spark://HOST:PORT");
        }
        String problem = "";
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--master '" + master + "': expected spark://HOST:PORT");
            }
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--master '" + master + "': port '" + hostPort.substring(colon + 1)
                        + "' is not a number");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(hostPort.substring(0, colon), port), CONNECT_MILLIS);
                return;
            } catch (IOException e) {
                problem = e.getMessage() == null ? e.toString() : e.getMessage();
            }
        }
        throw new IllegalArgumentException("Spark master " + master + " is not reachable (" + problem
                + "); start it, or check --master");
    }
}
