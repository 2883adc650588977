package dev.doppel.bench;

import dev.doppel.model.*;
import dev.doppel.sample.*;
import dev.doppel.testing.RealData;
import dev.doppel.codec.Row;
import java.util.*;

public class Scratch {
    public static void main(String[] args) throws Exception {
        List<Row> rows = new ArrayList<>();
        RealData.open(args[0]).read((l, r, m) -> { }, (row, line) -> rows.add(row));
        dev.doppel.stats.WindowStats w = new dev.doppel.stats.WindowStats(0, Long.MAX_VALUE, 1, 10000);
        for (int i = 0; i < rows.size(); i++) w.observe(rows.get(i), i);
        dev.doppel.stats.TopicStats t = new dev.doppel.stats.TopicStats("x", Long.MAX_VALUE);
        t.add(w);
        for (int rep = 0; rep < 3; rep++) {
        long t1 = System.nanoTime();
        List<FieldModel> fm = new ModelBuilder(java.time.Clock.systemUTC()).build(new dev.doppel.stats.TopicStats("y", 1)).fields();
        ModelSnapshot m0 = new ModelBuilder(java.time.Clock.systemUTC()).build(t);
        List<Row> rr = t.reservoir().rows();
        long t2 = System.nanoTime();
        CopulaFitter.fit(m0.fields(), rr);
        long t3 = System.nanoTime();
        DependencyFinder.find(m0.fields(), rr);
        long t4 = System.nanoTime();
        System.out.println("total " + (t2 - t1) / 1e6 + " copula " + (t3 - t2) / 1e6 + " deps " + (t4 - t3) / 1e6);
        }
        long t0 = System.nanoTime();
        ModelSnapshot m = new ModelBuilder(java.time.Clock.systemUTC()).build(t);
        System.out.println("build ms " + (System.nanoTime() - t0) / 1e6);
        System.out.println(m.copula().fields());
        for (double[] r : m.copula().correlation()) System.out.println(Arrays.toString(Arrays.stream(r).map(x -> Math.round(x * 100) / 100.0).toArray()));
        for (Dependency d : m.dependencies()) System.out.println(d.kind() + " " + d.determinants() + " -> " + d.dependents() + " " + d.strength() + " combos " + d.combinations().size());
        EventSampler s = EventSampler.seeded(m, 1);
        for (int i = 0; i < 3; i++) System.out.println(s.next());
        t0 = System.nanoTime();
        int n = 200000;
        for (int i = 0; i < n; i++) s.next();
        System.out.println("events/s " + n / ((System.nanoTime() - t0) / 1e9));
    }
}
