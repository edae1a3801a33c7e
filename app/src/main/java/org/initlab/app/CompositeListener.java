package org.initlab.app;

import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.inspect.LayerStatistics;
import org.initlab.core.train.EpochResult;
import org.initlab.core.train.TrainingListener;
import org.initlab.core.train.TrialResult;

/** Tells several listeners, in order, of every event; an exception from one stops the event there. */
final class CompositeListener implements TrainingListener {
    private final List<TrainingListener> listeners;

    CompositeListener(List<TrainingListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void trialStarted(String init, long seed, int epochs, int steps) {
        listeners.forEach(l -> l.trialStarted(init, seed, epochs, steps));
    }

    @Override
    public void stepFinished(int epoch, int step, double loss) {
        for (TrainingListener l : listeners) {
            l.stepFinished(epoch, step, loss);
        }
    }

    @Override
    public void epochFinished(EpochResult result) {
        listeners.forEach(l -> l.epochFinished(result));
    }

    @Override
    public void trialFinished(TrialResult result) {
        listeners.forEach(l -> l.trialFinished(result));
    }

    @Override
    public boolean wantsLayerStatistics() {
        return listeners.stream().anyMatch(TrainingListener::wantsLayerStatistics);
    }

    @Override
    public void layerStatistics(int epoch, List<LayerStatistics> stats) {
        listeners.stream().filter(TrainingListener::wantsLayerStatistics).forEach(l -> l.layerStatistics(epoch, stats));
    }

    @Override
    public boolean wantsFinalParameters() {
        return listeners.stream().anyMatch(TrainingListener::wantsFinalParameters);
    }

    @Override
    public void finalParameters(String init, long seed, ParameterSet parameters) {
        listeners.stream().filter(TrainingListener::wantsFinalParameters)
                .forEach(l -> l.finalParameters(init, seed, parameters));
    }
}
