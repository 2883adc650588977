package dev.doppel.evaluate;

import dev.doppel.codec.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small tables written out by hand: column names, then one array of values per row. */
final class Tables {

    private Tables() {
    }

    static EventTable of(String[] columns, Object[]... rows) {
        List<Row> list = new ArrayList<>();
        for (Object[] values : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.length; i++) {
                row.put(columns[i], values[i]);
            }
            list.add(Row.of(row));
        }
        return EventTable.inferred(list);
    }

    static String[] columns(String... names) {
        return names;
    }
}
