package io.sparsesweep.fitting;

/** Where residuals are measured: on the loss itself, or on its logarithm (Chinchilla's choice). */
public enum ResidualSpace {
    /** {@code r = f - y}; the paper's ViT setting (with Huber delta 0.01). */
    LINEAR {
        @Override
        double residual(double predicted, double observed) {
            return predicted - observed;
        }

        @Override
        double derivativeScale(double predicted) {
            return 1;
        }
    },
    /** {@code r = log f - log y}; the paper's language-model setting (with Huber delta 0.001). */
    LOG {
        @Override
        double residual(double predicted, double observed) {
            return Math.log(predicted) - Math.log(observed);
        }

        @Override
        double derivativeScale(double predicted) {
            return 1 / predicted;
        }
    };

    abstract double residual(double predicted, double observed);

    /** dr/df: multiplies the law's derivative to give the residual's. */
    abstract double derivativeScale(double predicted);
}
