package io.sparsesweep.fitting;

/**
 * The Huber loss {@code rho(r) = r^2/2} for {@code |r| <= delta}, {@code delta (|r| - delta/2)}
 * beyond, and its "square-root" form used to hand it to a least-squares solver.
 *
 * <p>Writing {@code rho(r) = phi(r)^2 / 2} with {@code phi(r) = r} inside the threshold and {@code
 * sign(r) sqrt(2 delta |r| - delta^2)} outside turns the Huber problem into an ordinary nonlinear
 * least-squares problem in {@code phi}: its objective is exactly the Huber objective, and its
 * gradient {@code phi phi' = rho'(r)} is exactly the Huber gradient, so Levenberg-Marquardt's
 * stationary points are the Huber optimum's. {@code phi} is continuously differentiable ({@code
 * phi' = 1} at the threshold from both sides).
 */
public final class HuberLoss {
    private HuberLoss() {}

    public static double value(double r, double delta) {
        double a = Math.abs(r);
        return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
    }

    /** {@code phi(r)}, with {@code phi(r)^2 / 2 == value(r, delta)}. */
    static double sqrtForm(double r, double delta) {
        double a = Math.abs(r);
        return a <= delta ? r : Math.copySign(Math.sqrt(delta * (2 * a - delta)), r);
    }

    /** {@code d phi / d r}. */
    static double sqrtFormDerivative(double r, double delta) {
        double a = Math.abs(r);
        return a <= delta ? 1 : delta / Math.sqrt(delta * (2 * a - delta));
    }
}
