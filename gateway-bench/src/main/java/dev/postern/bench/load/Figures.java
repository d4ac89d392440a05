package dev.postern.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;

/** The named results of one scenario run against one target, in the order they were added. */
final class Figures {

    /** One result: its value, unit, and whether more is better (throughput) or worse (latency, memory). */
    record Figure(double value, String unit, boolean higherIsBetter) {
    }

    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private String note;

    Figures put(String name, double value, String unit, boolean higherIsBetter) {
        figures.put(name, new Figure(value, unit, higherIsBetter));
        return this;
    }

    /** Attaches a remark (e.g. the first error seen); null is ignored. */
    Figures note(String text) {
        if (text != null && note == null) {
            note = text;
        }
        return this;
    }

    String note() {
        return note;
    }

    Map<String, Figure> all() {
        return figures;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        figures.forEach((name, f) -> text.append(String.format("  %-22s %12.2f %s%n", name, f.value(), f.unit())));
        if (note != null) {
            text.append("  note: ").append(note).append(System.lineSeparator());
        }
        return text.toString();
    }
}
