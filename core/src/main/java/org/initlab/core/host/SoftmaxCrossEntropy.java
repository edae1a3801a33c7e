package org.initlab.core.host;

/** PyTorch's {@code CrossEntropyLoss()} (mean over the batch) on logits, with its gradient. */
final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {
    }

    /**
     * @param logits  {@code [batch, classes]}
     * @param labels  one class per sample
     * @param classes the number of classes
     * @param grad    receives dL/dlogits, {@code [batch, classes]}
     * @return the mean loss
     * @throws IllegalArgumentException for a label outside {@code [0, classes)}
     */
    static double lossAndGradient(double[] logits, int[] labels, int classes, double[] grad) {
        int batch = grad.length / classes;
        double loss = 0;
        for (int b = 0; b < batch; b++) {
            int label = labels[b];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of sample " + b + " is outside 0.."
                        + (classes - 1));
            }
            int row = b * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[row + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                double e = Math.exp(logits[row + c] - max);
                grad[row + c] = e;
                sum += e;
            }
            loss += Math.log(sum) + max - logits[row + label];
            for (int c = 0; c < classes; c++) {
                grad[row + c] = (grad[row + c] / sum - (c == label ? 1 : 0)) / batch;
            }
        }
        return loss / batch;
    }
}
