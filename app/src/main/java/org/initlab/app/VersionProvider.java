package org.initlab.app;

import picocli.CommandLine;

/** Reports the initlab version from the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    static String version() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"initlab " + version(), "Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vm.name") + ")"};
    }
}
