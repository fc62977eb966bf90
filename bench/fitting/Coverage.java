import io.sparsesweep.fitting.FitOptions;
import io.sparsesweep.fitting.FitPipeline;
import io.sparsesweep.fitting.FitReport;
import io.sparsesweep.fitting.Observation;
import io.sparsesweep.fitting.ResultsCsv;
import io.sparsesweep.fitting.ScalingLaw;
import io.sparsesweep.fitting.SweepData;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Coverage study of the fitter's bootstrap intervals. For a real sweep (its CSV), the law fitted to
 * it is taken as the truth and its relative residual scatter as the noise; SWEEPS simulated sweeps
 * are drawn on the same design (same S, N, D) as truth x (1 + noise x N(0,1)), each is fitted with
 * RESAMPLES bootstrap resamples, and the program counts how often each 95% interval covers the
 * truth — over every interval, and over those the fit reports (coefficients it flags as not
 * identified print no interval). Prints one JSON line per sweep to OUT and a summary table.
 *
 * <pre>
 * java -cp CLASSPATH bench/fitting/Coverage.java NAME FILE.csv linear|log SWEEPS RESAMPLES OUT
 * </pre>
 */
public class Coverage {
    public static void main(String[] args) throws Exception {
        String name = args[0];
        SweepData real = ResultsCsv.read(Path.of(args[1]), ResultsCsv.Columns.defaults());
        boolean log = args[2].equals("log");
        int sweeps = Integer.parseInt(args[3]);
        int resamples = Integer.parseInt(args[4]);
        Path out = Path.of(args[5]);

        FitOptions fitOnly = FitOptions.builder().logSpace(log).build();
        FitReport truthFit = FitPipeline.run(real, fitOnly);
        ScalingLaw truth = truthFit.scalingLaw();
        double sq = 0;
        for (Observation o : real.points()) {
            double rel = o.loss() / truth.predict(o) - 1;
            sq += rel * rel;
        }
        double noise = Math.sqrt(sq / real.size());
        double[] t = truth.toArray();
        double[] multAt = {0.5, 0.75};
        System.err.printf(
                Locale.ROOT,
                "%s: %d points, truth %s, relative noise %.4f, not identified on the real data"
                        + " %s%n",
                name,
                real.size(),
                truth,
                noise,
                truthFit.diagnostics().notIdentified());

        int p = ScalingLaw.NAMES.length;
        int[] covered = new int[p + multAt.length];
        int[] reported = new int[p + multAt.length];
        int[] reportedCovered = new int[p + multAt.length];
        long t0 = System.nanoTime();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            for (int k = 0; k < sweeps; k++) {
                Random rng = new Random(1000L + k);
                List<Observation> pts = new ArrayList<>();
                for (Observation o : real.points()) {
                    double l = truth.predict(o) * (1 + noise * rng.nextGaussian());
                    pts.add(new Observation(o.sparsity(), o.nonzeroParams(), o.data(), l));
                }
                FitReport r =
                        FitPipeline.run(
                                SweepData.of(name + "-" + k, pts),
                                FitOptions.builder()
                                        .logSpace(log)
                                        .bootstrap(resamples)
                                        .seed(k)
                                        .multiplierSparsities(List.of(0.5, 0.75))
                                        .build());
                StringBuilder line = new StringBuilder("{\"sweep\":" + k);
                List<String> open = r.diagnostics().notIdentified();
                for (int j = 0; j < p + multAt.length; j++) {
                    String key;
                    double[] ci;
                    double truthValue;
                    boolean flagged;
                    if (j < p) {
                        key = ScalingLaw.NAMES[j];
                        ci = r.intervals().coefficients().get(key);
                        truthValue = t[j];
                        flagged = open.contains(key);
                    } else {
                        double s = multAt[j - p];
                        key = "mult" + s;
                        ci = r.intervals().multipliers().get(j - p).interval();
                        truthValue = truth.multiplier(s);
                        flagged =
                                r.diagnostics().derivedAffected() != null
                                        && r.diagnostics().derivedAffected().containsKey("multipliers");
                    }
                    boolean in = ci[0] <= truthValue && truthValue <= ci[1];
                    covered[j] += in ? 1 : 0;
                    if (!flagged) {
                        reported[j]++;
                        reportedCovered[j] += in ? 1 : 0;
                    }
                    line.append(
                            String.format(
                                    Locale.ROOT,
                                    ",\"%s\":{\"lo\":%s,\"hi\":%s,\"covered\":%b,\"notIdentified\":%b}",
                                    key,
                                    ci[0],
                                    ci[1],
                                    in,
                                    flagged));
                }
                w.println(line.append('}'));
                w.flush();
                if ((k + 1) % 10 == 0) {
                    System.err.printf(
                            Locale.ROOT,
                            "%d sweeps, %.0f s%n",
                            k + 1,
                            (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%s: %d simulated sweeps of %d points, relative noise %.4f, %d resamples each, %.0f"
                        + " s%n",
                name,
                sweeps,
                real.size(),
                noise,
                resamples,
                (System.nanoTime() - t0) / 1e9);
        System.out.println(
                "| quantity | truth | coverage of every 95% interval | reported (identified) |"
                        + " coverage of the reported |");
        System.out.println("|---|---|---|---|---|");
        for (int j = 0; j < p + multAt.length; j++) {
            String key = j < p ? ScalingLaw.NAMES[j] : "mult(" + multAt[j - p] + ")";
            double tv = j < p ? t[j] : truth.multiplier(multAt[j - p]);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.4g | %d%% | %d of %d | %s |%n",
                    key,
                    tv,
                    Math.round(100.0 * covered[j] / sweeps),
                    reported[j],
                    sweeps,
                    reported[j] == 0
                            ? "-"
                            : Math.round(100.0 * reportedCovered[j] / reported[j]) + "%");
        }
    }
}
