package io.sparsesweep.fitting;

/** The authors' objective: the Huber loss of the residuals, averaged over the points. */
public record HuberObjective(ResidualSpace space, double delta) {

    public HuberObjective {
        if (!(delta > 0) || !Double.isFinite(delta)) {
            throw new FitInputException("Huber delta must be a positive number, got " + delta);
        }
    }

    /** The objective of {@code law} on {@code data}; +infinity where a prediction is unusable. */
    public double value(ScalingLaw law, SweepData data) {
        double sum = 0;
        for (Observation o : data.points()) {
            double f = law.predict(o);
            if (!Double.isFinite(f) || (space == ResidualSpace.LOG && f <= 0)) {
                return Double.POSITIVE_INFINITY;
            }
            sum += HuberLoss.value(space.residual(f, o.loss()), delta);
        }
        return sum / data.size();
    }
}
