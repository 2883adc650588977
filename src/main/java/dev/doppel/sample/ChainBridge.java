package dev.doppel.sample;

import dev.doppel.model.SequenceModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Walks an entity's chain for exactly a given number of events: a path drawn from the learned
 * Markov chain conditioned on its end coming right after the last event (a Markov bridge). With
 * {@code b_k(s)} the probability that an entity now in state {@code s} has exactly {@code k} more
 * events, end included ({@code b_1(s) = P(s -> end)}, {@code b_k(s) = sum_t P(s -> t) b_(k-1)(t)}),
 * the next state after {@code s} with {@code k} events to go is {@code t} with probability
 * proportional to {@code P(s -> t) b_(k-1)(t)}: exactly the chain's distribution of paths of that
 * length. The {@code b_k} are computed once per length and kept, each scaled to a largest entry of 1
 * (only their ratios matter), so long entities do not underflow.
 *
 * <p>The same {@code b_k} give the chain's own distribution of lengths,
 * {@code P(length = k) = sum_s start(s) b_k(s)}, so a length can be drawn by rank
 * ({@link #lengthAt}) and then walked: a rank drawn uniformly gives exactly the free chain's walks,
 * with their state shares; a rank drawn with an entity's attributes ties its length to them.
 * Not thread-safe.
 */
final class ChainBridge {

    private final double[][] transitions;
    private final int endIndex;
    /** b_k per state, index k - 1, each scaled to a largest entry of 1 (all 0: no path of that length). */
    private final List<double[]> toGo = new ArrayList<>();
    private final double[] start;
    /** The natural log of the factor that b_k was divided by, index k - 1. */
    private final List<Double> logScale = new ArrayList<>();
    /** P(length <= k) under the chain, index k - 1. */
    private final List<Double> cumulative = new ArrayList<>();

    ChainBridge(SequenceModel chain) {
        int n = chain.states().size();
        this.transitions = new double[n][];
        this.endIndex = chain.endIndex();
        this.start = chain.startProbabilities();
        for (int s = 0; s < n; s++) {
            transitions[s] = chain.transitionProbabilities(s);
            if (java.util.Arrays.stream(transitions[s]).sum() == 0) {
                transitions[s][endIndex] = 1; // only ever seen last in entities still live: it ends, as SequenceSampler has it
            }
        }
    }

    /**
     * The states, one per event, of an entity starting in {@code first} with exactly {@code events}
     * events; null if the chain has no such path (it never ends that soon, or never lasts that long
     * from there).
     */
    int[] walk(int first, int events, UniformRandomProvider random) {
        if (events < 1 || toGo(events)[first] == 0) {
            return null;
        }
        int[] states = new int[events];
        states[0] = first;
        for (int step = 1; step < events; step++) {
            double[] ahead = toGo(events - step);
            double[] row = transitions[states[step - 1]];
            double total = 0;
            for (int t = 0; t < endIndex; t++) {
                total += row[t] * ahead[t];
            }
            double pick = random.nextDouble() * total;
            int chosen = -1;
            for (int t = 0; t < endIndex; t++) {
                double weight = row[t] * ahead[t];
                if (weight > 0) {
                    chosen = t;
                    pick -= weight;
                    if (pick < 0) {
                        break;
                    }
                }
            }
            states[step] = chosen;
        }
        return states;
    }

    /**
     * The chain's length at rank {@code u} in [0, 1): the smallest length whose share of the chain's
     * entities, with all shorter ones, exceeds {@code u}; at most {@code maxLength} (where the chain's
     * lengths are so long-tailed that the rest of the share lies beyond it).
     */
    int lengthAt(double u, int maxLength) {
        for (int k = 1; k < maxLength; k++) {
            toGo(k);
            if (cumulative.get(k - 1) > u) {
                return k;
            }
        }
        return maxLength;
    }

    /** b_k, computing the lengths up to k on first use. */
    private double[] toGo(int k) {
        while (toGo.size() < k) {
            int n = transitions.length;
            double[] next = new double[n];
            double largest = 0;
            for (int s = 0; s < n; s++) {
                double value;
                if (toGo.isEmpty()) {
                    value = transitions[s][endIndex];
                } else {
                    double[] before = toGo.get(toGo.size() - 1);
                    value = 0;
                    for (int t = 0; t < n; t++) {
                        value += transitions[s][t] * before[t];
                    }
                }
                next[s] = value;
                largest = Math.max(largest, value);
            }
            for (int s = 0; s < n && largest > 0; s++) {
                next[s] /= largest;
            }
            double scale = (logScale.isEmpty() ? 0 : logScale.get(logScale.size() - 1)) + (largest > 0 ? Math.log(largest) : 0);
            double exactly = 0;
            for (int s = 0; s < n; s++) {
                exactly += start[s] * next[s];
            }
            double before = cumulative.isEmpty() ? 0 : cumulative.get(cumulative.size() - 1);
            cumulative.add(Math.min(1, before + exactly * Math.exp(scale)));
            logScale.add(scale);
            toGo.add(next);
        }
        return toGo.get(k - 1);
    }
}
