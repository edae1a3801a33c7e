package org.initlab.backends.nativebackend;

/**
 * Whether the Vector API kernels ({@link VectorKernels}) can run: the incubating module
 * {@code jdk.incubator.vector} is in the boot layer (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}) and the system property {@value #PROPERTY} is not
 * {@code false}. This class refers to nothing in the module, so reading {@link #ENABLED} never loads it; the
 * scalar kernels are used otherwise.
 */
final class VectorSupport {
    /** System property that turns the Vector API kernels off ({@code -Dinitlab.native.vector=false}). */
    static final String PROPERTY = "initlab.native.vector";
    /** Whether {@link VectorKernels} may be used. */
    static final boolean ENABLED = detect();

    private VectorSupport() {
    }

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").strip())) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return VectorKernels.describe() != null;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }
}
