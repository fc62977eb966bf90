import io.sparsesweep.fitting.FitOptions;
import io.sparsesweep.fitting.FitPipeline;
import io.sparsesweep.fitting.FitReport;
import io.sparsesweep.fitting.ResultsCsv;
import io.sparsesweep.fitting.SweepData;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * In-process timing of the Java fitter after JIT warm-up: fits the same file REPEATS times in one
 * JVM and prints the first (cold) and the median of the rest (warm) fit times. Run by run.sh as
 * {@code java -cp CLASSPATH bench/fitting/FitBench.java FILE.csv [--log-space] REPEATS}.
 */
public class FitBench {
    public static void main(String[] args) throws Exception {
        boolean log = Arrays.asList(args).contains("--log-space");
        int repeats = Integer.parseInt(args[args.length - 1]);
        SweepData data = ResultsCsv.read(Path.of(args[0]), ResultsCsv.Columns.defaults());
        FitOptions options = FitOptions.builder().logSpace(log).build();
        double[] seconds = new double[repeats];
        FitReport last = null;
        for (int i = 0; i < repeats; i++) {
            last = FitPipeline.run(data, options);
            seconds[i] = last.fitSeconds();
        }
        double[] warm = Arrays.copyOfRange(seconds, 1, repeats);
        Arrays.sort(warm);
        System.out.printf(
                "{\"objective\":%s,\"coldSeconds\":%s,\"warmSeconds\":%s}%n",
                last.objective(), seconds[0], warm[warm.length / 2]);
    }
}
