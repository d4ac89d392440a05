package dev.postern.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One line of the comparison table: a figure of a scenario, the median over the rounds for the
 * direct upstream and for Postern, their ratio and difference. Stored as tab-separated text.
 *
 * @param direct  NaN when there is no direct figure (e.g. a reference value)
 */
record ResultRow(String scenario, String figure, String unit, double direct, double postern, String load, String note) {

    double ratio() {
        return direct == 0 || Double.isNaN(direct) ? Double.NaN : postern / direct;
    }

    double added() {
        return postern - direct;
    }

    static List<ResultRow> medians(String scenario, List<Figures> direct, List<Figures> postern) {
        List<ResultRow> rows = new ArrayList<>();
        String note = postern.stream().map(Figures::note).filter(n -> n != null).findFirst()
                .orElse(direct.stream().map(Figures::note).filter(n -> n != null).findFirst().orElse(""));
        for (Map.Entry<String, Figures.Figure> e : postern.get(0).all().entrySet()) {
            String figure = e.getKey();
            rows.add(new ResultRow(scenario, figure, e.getValue().unit(), median(direct, figure), median(postern, figure),
                    LoadAverage.now(), note));
        }
        return rows;
    }

    static double median(List<Figures> runs, String figure) {
        double[] values = runs.stream().map(f -> f.all().get(figure)).filter(f -> f != null)
                .mapToDouble(Figures.Figure::value).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    static void append(Path file, List<ResultRow> rows) {
        StringBuilder text = new StringBuilder();
        for (ResultRow r : rows) {
            text.append(String.join("\t", r.scenario, r.figure, r.unit, Double.toString(r.direct),
                    Double.toString(r.postern), r.load, r.note.replace('\t', ' ').replace('\n', ' '))).append('\n');
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot append results (" + e.getMessage() + ")", e);
        }
    }

    static List<ResultRow> read(Path file) {
        try {
            List<ResultRow> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = Arrays.copyOf(line.split("\t", -1), 7);
                rows.add(new ResultRow(f[0], f[1], f[2], Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                        f[5] == null ? "" : f[5], f[6] == null ? "" : f[6]));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read results (" + e.getMessage() + ")", e);
        }
    }
}
