package org.initlab.runner.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.initlab.core.experiment.BatchTrialRunner;
import org.initlab.core.experiment.TrialSpec;
import org.initlab.core.train.TrialResult;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs a batch of trials as one Spark job: one partition, hence one task, per trial. The data are broadcast
 * once ({@link WireData}); {@code SparkContext.submitJob} hands each task's result to the driver as the task
 * finishes, where {@link #runAll} passes it on in the calling thread. Spark runs a task again only when its
 * executor is lost, and the driver reports each partition once.
 */
final class SparkBatchRunner implements BatchTrialRunner {
    /** How long the driver waits for the next result before checking that the job is still alive. */
    private static final long POLL_SECONDS = 1;

    private final JavaSparkContext spark;
    private final Broadcast<WireData> data;
    private final String description;

    /**
     * @param conf        the Spark configuration (master, task CPUs, ...)
     * @param data        the data to broadcast
     * @param description what runs the trials, for the console
     */
    SparkBatchRunner(SparkConf conf, WireData data, String description) {
        this.spark = new JavaSparkContext(conf);
        try {
            this.data = spark.broadcast(data);
        } catch (RuntimeException e) {
            spark.stop();
            throw e;
        }
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void runAll(List<TrialSpec> trials, BiConsumer<TrialSpec, TrialResult> onFinished) {
        if (trials.isEmpty()) {
            return;
        }
        List<WireTrial> wire = new ArrayList<>();
        List<Integer> partitions = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            wire.add(WireTrial.of(i, trials.get(i)));
            partitions.add(i);
        }
        JavaRDD<WireTrial> rdd = spark.parallelize(wire, wire.size());
        BlockingQueue<WireResult> results = new LinkedBlockingQueue<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Seq<Object> which = (Seq) CollectionConverters.asScala(partitions).toSeq();
        SimpleFutureAction<BoxedUnit> job = spark.sc().submitJob(rdd.rdd(), new TrialTask(data), which,
                new Collect(results), new Done());
        boolean[] reported = new boolean[trials.size()];
        int remaining = trials.size();
        try {
            while (remaining > 0) {
                WireResult r = results.poll(POLL_SECONDS, TimeUnit.SECONDS);
                if (r == null) {
                    if (job.isCompleted() && results.isEmpty()) {
                        throw failure(job);
                    }
                    continue;
                }
                if (reported[r.index()]) {
                    continue;
                }
                reported[r.index()] = true;
                remaining--;
                onFinished.accept(trials.get(r.index()), r.result());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.cancel();
            throw new CancellationException("interrupted");
        } catch (RuntimeException e) {
            job.cancel();
            throw e;
        }
    }

    private static IllegalStateException failure(SimpleFutureAction<BoxedUnit> job) {
        scala.Option<scala.util.Try<BoxedUnit>> value = job.value();
        String why = value.isDefined() && value.get().isFailure()
                ? value.get().failed().get().getMessage() : "the job ended before every trial reported";
        return new IllegalStateException("Spark job failed: " + why);
    }

    @Override
    public void close() {
        try {
            data.destroy();
            WireData.forget(data.id());
        } finally {
            spark.stop();
        }
    }

    /** Puts each task's result on the queue; runs on the driver. */
    private static final class Collect extends AbstractFunction2<Object, WireResult, BoxedUnit> {
        private final BlockingQueue<WireResult> queue;

        Collect(BlockingQueue<WireResult> queue) {
            this.queue = queue;
        }

        @Override
        public BoxedUnit apply(Object partition, WireResult result) {
            queue.add(result);
            return BoxedUnit.UNIT;
        }
    }

    /** The job's own result: nothing. */
    private static final class Done extends AbstractFunction0<BoxedUnit> {
        @Override
        public BoxedUnit apply() {
            return BoxedUnit.UNIT;
        }
    }
}
