package io.sparsesweep.cli.local;

import io.sparsesweep.core.plan.Trial;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a local sweep's progress: on a terminal, a progress bar (trials done/total, ETA, the
 * running trial's step and loss); elsewhere (logs, CI), one line per event and a step line per
 * running trial at most every 20 seconds, so logs stay readable.
 */
public final class ProgressDisplay implements SweepListener, AutoCloseable {
    private static final long LINE_INTERVAL_NANOS = Duration.ofSeconds(20).toNanos();

    private final PrintStream out;
    private final boolean terminal;
    private final AtomicInteger done = new AtomicInteger();
    private final ConcurrentHashMap<String, Long> lastLine = new ConcurrentHashMap<>();
    private ProgressBar bar;
    private int total;

    public ProgressDisplay(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void onPlan(int total, int alreadyDone) {
        this.total = total;
        done.set(alreadyDone);
        if (terminal) {
            bar =
                    new ProgressBarBuilder()
                            .setTaskName("trials")
                            .setInitialMax(total)
                            .setStyle(ProgressBarStyle.ASCII)
                            .setConsumer(new ConsoleProgressBarConsumer(out))
                            .setUpdateIntervalMillis(500)
                            .startsFrom(alreadyDone, Duration.ZERO)
                            .build();
        } else {
            line(
                    "sweep: %d trials, %d already finished, %d to run",
                    total, alreadyDone, total - alreadyDone);
        }
    }

    @Override
    public void onTrialStart(Trial trial) {
        if (!terminal) {
            line("trial %s started: %s", trial.id(), describe(trial));
        }
    }

    @Override
    public void onTrialStep(Trial trial, long step, long totalSteps, double loss) {
        String msg =
                String.format(
                        Locale.ROOT, "%s step %d/%d loss %.4f", trial.id(), step, totalSteps, loss);
        if (terminal) {
            ProgressBar b = bar;
            if (b != null) {
                b.setExtraMessage(msg);
            }
            return;
        }
        long now = System.nanoTime();
        Long last = lastLine.get(trial.id());
        if (last == null || now - last >= LINE_INTERVAL_NANOS || step == totalSteps) {
            lastLine.put(trial.id(), now);
            line("  %s", msg);
        }
    }

    @Override
    public void onTrialDone(Trial trial, double valLoss, double wallSeconds) {
        int d = done.incrementAndGet();
        if (terminal) {
            ProgressBar b = bar;
            if (b != null) {
                b.stepTo(d);
                b.setExtraMessage(
                        String.format(Locale.ROOT, "%s val loss %.4f", trial.id(), valLoss));
            }
        } else {
            line(
                    "trial %s done (%d/%d): val loss %.4f in %.1f s",
                    trial.id(), d, total, valLoss, wallSeconds);
        }
    }

    @Override
    public void onTrialFailed(Trial trial, String error) {
        if (terminal && bar != null) {
            bar.setExtraMessage(trial.id() + " failed");
        }
        line("trial %s failed: %s", trial.id(), error);
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private synchronized void line(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
    }

    static String describe(Trial t) {
        var p = t.point();
        return String.format(
                Locale.ROOT,
                "%s (width %d depth %d), sparsity %s %s, %d steps",
                p.sizeName(),
                p.width(),
                p.depth(),
                p.sparsity(),
                p.pattern(),
                p.steps());
    }
}
