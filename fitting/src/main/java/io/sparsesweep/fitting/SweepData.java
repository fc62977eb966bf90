package io.sparsesweep.fitting;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An immutable set of observations to fit, with the name of where they came from, and the n:m runs
 * of the same sweep that are compared against the fitted law rather than fitted.
 */
public final class SweepData {
    private final String source;
    private final List<Observation> points;
    private final List<StructuredRun> structured;
    private final SweepFacts facts;

    private SweepData(
            String source,
            List<Observation> points,
            List<StructuredRun> structured,
            SweepFacts facts) {
        this.source = source;
        this.points = List.copyOf(points);
        this.structured = List.copyOf(structured);
        this.facts = facts;
    }

    public static SweepData of(String source, List<Observation> points) {
        return new SweepData(source, points, List.of(), SweepFacts.none());
    }

    public static SweepData of(
            String source, List<Observation> points, List<StructuredRun> structured) {
        return new SweepData(source, points, structured, SweepFacts.none());
    }

    public static SweepData of(
            String source,
            List<Observation> points,
            List<StructuredRun> structured,
            SweepFacts facts) {
        return new SweepData(source, points, structured, facts);
    }

    /** What the results file says about how the runs were trained. */
    public SweepFacts facts() {
        return facts;
    }

    /** The n:m runs set aside from the fit (empty when the input has no pattern column). */
    public List<StructuredRun> structured() {
        return structured;
    }

    public String source() {
        return source;
    }

    public List<Observation> points() {
        return points;
    }

    public int size() {
        return points.size();
    }

    public Observation get(int i) {
        return points.get(i);
    }

    /** The points at the given indices, in that order (indices may repeat: bootstrap samples). */
    public SweepData select(int[] indices) {
        List<Observation> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(points.get(i));
        }
        return new SweepData(source, out, structured, facts);
    }

    public SweepData filter(Predicate<Observation> keep) {
        return new SweepData(source, points.stream().filter(keep).toList(), structured, facts);
    }
}
