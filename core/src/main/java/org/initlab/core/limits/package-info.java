/**
 * Bounds on what one input may make initlab allocate or start: {@link org.initlab.core.limits.MemoryBudget}
 * checks a size against the heap the JVM has before the allocation, {@link org.initlab.core.limits.ThreadLimit}
 * caps worker threads, so that an oversized option is a one-line error naming the option instead of an
 * {@code OutOfMemoryError}.
 */
package org.initlab.core.limits;
