package org.initlab.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Checks {@code --metrics-bind} and {@code --metrics-port} before anything listens. The address must be a
 * literal IPv4 or IPv6 address or {@code localhost}: a host name would need a DNS lookup, and initlab opens no
 * connection beyond the machine.
 */
final class MetricsAddress {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile("(" + OCTET + "\\.){3}" + OCTET);
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*]?");

    private MetricsAddress() {
    }

    /**
     * @param bind {@code --metrics-bind}
     * @return the address, resolved without any lookup
     * @throws IllegalArgumentException for a host name or a malformed address
     */
    static InetAddress parse(String bind) {
        if (bind.equals("localhost")) {
            return InetAddress.getLoopbackAddress();
        }
        if (!IPV4.matcher(bind).matches() && !IPV6.matcher(bind).matches()) {
            throw new IllegalArgumentException("--metrics-bind '" + bind + "' is not a literal IP address; give one "
                    + "such as 127.0.0.1, 0.0.0.0 or ::1, or localhost (host names are not looked up)");
        }
        try {
            // a literal (the patterns above) is parsed, never looked up
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--metrics-bind '" + bind + "' is not a valid IP address", e);
        }
    }

    /**
     * @param port {@code --metrics-port}
     * @return {@code port}
     * @throws IllegalArgumentException when it is outside 0..65535
     */
    static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--metrics-port must be between 0 (any free port) and 65535, got "
                    + port);
        }
        return port;
    }
}
