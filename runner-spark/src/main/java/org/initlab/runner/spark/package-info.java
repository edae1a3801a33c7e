/**
 * The {@code spark} trial runner: every trial of a sweep or comparison is one Apache Spark task, run on an
 * embedded {@code local[N]} master or a standalone cluster, with the data broadcast once per executor and
 * results handed back to the driver as each task finishes. Found through
 * {@link org.initlab.core.experiment.TrialRunnerProvider}; nothing outside this module sees Spark.
 */
package org.initlab.runner.spark;
