package org.initlab.app;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * SIGTERM behaves like SIGINT (Ctrl-C): the JVM shuts down through its shutdown hooks, so a running
 * {@code compare} writes what is finished ({@link GracefulStop}), and the exit code is 130 as for SIGINT
 * instead of the JVM's 143. Installed by {@link Main#main} only: a program that embeds initlab keeps its own
 * signal handling. Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}) through reflection; on a JVM
 * without it, or started with {@code -Xrs}, SIGTERM keeps the JVM's default.
 */
final class TerminationSignal {
    private TerminationSignal() {
    }

    /** @return whether the handler was installed */
    static boolean install() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object term = signal.getConstructor(String.class).newInstance("TERM");
            InvocationHandler onSignal = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    // what the JVM does for SIGINT (java.lang.Terminator): run the shutdown hooks, exit 128 + 2
                    System.exit(CompareCommand.STOPPED);
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "initlab SIGTERM handler";
            };
            Object handler = Proxy.newProxyInstance(TerminationSignal.class.getClassLoader(),
                    new Class<?>[] {handlerType}, onSignal);
            signal.getMethod("handle", signal, handlerType).invoke(null, term, handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
