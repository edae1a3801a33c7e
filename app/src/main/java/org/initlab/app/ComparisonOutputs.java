package org.initlab.app;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes what a comparison leaves in its {@code --out} directory once training is over (the results, the final
 * metrics scrape, the report), part by part: a part that cannot be written (a full disk, a directory in the
 * way, a chart that cannot be drawn) is one error line and does not stop the parts after it, and the last line
 * says exactly which files were written. Temporary files of a failed write are removed ({@link OutputFiles}).
 */
final class ComparisonOutputs {
    /**
     * One part of the outputs.
     *
     * @param what   what it is, for messages ("results", "report")
     * @param writer writes its files
     */
    record Part(String what, Consumer<OutputFiles> writer) {
    }

    private ComparisonOutputs() {
    }

    /**
     * @param dir    the output directory
     * @param parts  the parts, in order
     * @param stderr receives one line per failed part and a last line naming the files written
     * @param quiet  whether to leave out the last line when everything was written
     * @return whether every part was written
     */
    static boolean write(Path dir, List<Part> parts, PrintWriter stderr, boolean quiet) {
        OutputFiles files = new OutputFiles(dir);
        List<String> failed = new ArrayList<>();
        for (Part part : parts) {
            try {
                part.writer().accept(files);
            } catch (UncheckedIOException e) {
                stderr.println("initlab: " + e.getMessage());
                failed.add(part.what());
            } catch (RuntimeException | LinkageError e) {
                // a chart that cannot be drawn (no fonts, say) must not cost the other files
                stderr.println("initlab: cannot write the " + part.what() + " to " + dir + ": " + e);
                failed.add(part.what());
            }
        }
        List<String> written = files.written();
        if (!failed.isEmpty()) {
            stderr.println("initlab: " + (written.isEmpty() ? "nothing written to " + dir
                    : "written to " + dir + ": " + String.join(", ", written)) + "; not written: the "
                    + String.join(", the ", failed));
        } else if (!quiet) {
            stderr.println("results written to " + dir + ": " + String.join(", ", written));
        }
        stderr.flush();
        return failed.isEmpty();
    }
}
