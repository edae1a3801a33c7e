package org.initlab.app;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.initlab.core.experiment.TrialSpec;
import org.initlab.core.sweep.SweepTrial;
import org.initlab.core.train.TrialResult;

/**
 * The output directory of a sweep: matching its journal against the requested trials, writing
 * {@code sweep.yaml}. The directory itself is prepared by {@link OutputPaths#prepareDirectory} and locked by
 * {@link OutputDirectoryLock}, as compare's.
 */
final class SweepOutput {
    private SweepOutput() {
    }

    /**
     * Finished trials of a journal that belong to this sweep. Unlike a comparison's, a sweep's trials differ in
     * every setting, so a journal entry counts when it is one of the requested trials; entries of other trials
     * (a grid edited since) stay in the journal and are left out with a warning.
     *
     * @throws IllegalArgumentException when the journal was written for other data
     */
    static Map<TrialSpec, TrialResult> finished(TrialJournal.Contents contents, List<SweepTrial> trials, String data,
                                                Path file, Consumer<String> warn) {
        Set<TrialSpec> requested = new HashSet<>();
        trials.forEach(t -> requested.add(t.spec()));
        Map<TrialSpec, TrialResult> finished = new LinkedHashMap<>();
        int other = 0;
        for (TrialJournal.Entry e : contents.entries()) {
            if (!e.data().equals(data)) {
                throw new IllegalArgumentException(file + " was written for other data (" + e.data() + " vs " + data
                        + ", journal vs requested); use another --out or run without --resume");
            }
            if (requested.contains(e.spec())) {
                finished.putIfAbsent(e.spec(), e.result());
            } else {
                other++;
            }
        }
        if (other > 0) {
            warn.accept(other + " trial(s) of " + file + " are not in this sweep (the grid changed?); they stay in "
                    + "the journal but not in the results");
        }
        return finished;
    }

    /** Writes {@code sweep.yaml} like every output file: to a temporary name, synced, moved into place. */
    static void writeYaml(Path file, SweepFile settings) {
        OutputFiles.writeFile(file, settings.toYaml());
    }
}
