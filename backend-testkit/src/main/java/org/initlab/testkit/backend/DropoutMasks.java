package org.initlab.testkit.backend;

/**
 * Where training-mode dropout in a {@link ReferenceNetwork} gets its keep decisions
 * ({@link ReferenceNetwork#useDropoutMasks}): the reference cannot know a backend's masks, so a test or the
 * reference backend supplies them.
 */
@FunctionalInterface
public interface DropoutMasks {
    /** Refuses: a training-mode pass through dropout with {@code p > 0} needs masks. */
    DropoutMasks UNPREDICTABLE = (layer, length) -> {
        throw new IllegalStateException("the reference cannot predict dropout masks (layer " + layer
                + "); set them with useDropoutMasks");
    };

    /**
     * @param layer  the dropout layer's index
     * @param length the number of values, {@code batch * features}
     * @return whether each value is kept; must return the same for the same call within one computation
     */
    boolean[] kept(int layer, int length);
}
