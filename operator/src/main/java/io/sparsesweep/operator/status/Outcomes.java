package io.sparsesweep.operator.status;

import io.sparsesweep.crd.SparseSweepStatus;
import io.sparsesweep.crd.SweepPhase;
import io.sparsesweep.crd.TrialState;
import io.sparsesweep.crd.TrialStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcomes one status write records, read from the difference between the status before and
 * after it. Pure. Because outcomes come from the written status and not from the pass that decided
 * them, a pass whose write fails reports nothing, and the pass that finally writes reports each
 * outcome once.
 */
public final class Outcomes {
    private Outcomes() {}

    /**
     * Trials that became terminal (in status order; cancelled trials are not reported, their stop
     * was), then the sweep becoming Complete, Failed or Invalid.
     */
    public static List<Outcome> between(SparseSweepStatus before, SparseSweepStatus after) {
        List<Outcome> out = new ArrayList<>();
        Map<String, TrialState> was = new HashMap<>();
        if (before != null && before.getTrials() != null) {
            before.getTrials().forEach(t -> was.put(t.getId(), t.getState()));
        }
        if (after.getTrials() != null) {
            for (TrialStatus t : after.getTrials()) {
                TrialState old = was.get(t.getId());
                if (t.getState() != null
                        && t.getState().terminal()
                        && t.getState() != TrialState.Cancelled
                        && (old == null || !old.terminal())) {
                    out.add(trialEnded(t));
                }
            }
        }
        SweepPhase from = before == null ? null : before.getPhase();
        SweepPhase to = after.getPhase();
        if (to == SweepPhase.Invalid && from != SweepPhase.Invalid) {
            var ready = Conditions.get(after.getConditions(), Conditions.READY);
            out.add(new Outcome(true, "InvalidSpec", ready == null ? "" : ready.getMessage()));
        } else if (to != null && to.terminal() && (from == null || !from.terminal())) {
            boolean complete = to == SweepPhase.Complete;
            var c =
                    Conditions.get(
                            after.getConditions(),
                            complete ? Conditions.COMPLETE : Conditions.FAILED);
            out.add(
                    new Outcome(
                            !complete,
                            c == null ? to.name() : c.getReason(),
                            c == null ? to.description() : c.getMessage()));
        }
        return out;
    }

    private static Outcome trialEnded(TrialStatus t) {
        if (t.getState() == TrialState.Succeeded) {
            return new Outcome(
                    false,
                    "TrialSucceeded",
                    "trial " + t.getId() + " val_loss=" + t.getValLoss(),
                    t.getId());
        }
        return new Outcome(
                true,
                "Trial" + t.getState(),
                "trial " + t.getId() + ": " + t.getMessage(),
                t.getId());
    }
}
