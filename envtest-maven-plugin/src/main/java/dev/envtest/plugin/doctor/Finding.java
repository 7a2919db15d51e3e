package dev.envtest.plugin.doctor;

import java.util.List;

/**
 * One check's outcome: its topic ({@code engine}, {@code binaries}, ...), whether it would make {@code start} fail, and
 * a few lines saying what was found and why (a failure's lines end with the fix).
 */
public record Finding(String topic, Status status, List<String> lines) {

    public enum Status {
        OK, WARN, FAIL
    }

    public Finding {
        lines = List.copyOf(lines);
    }

    static Finding ok(String topic, List<String> lines) {
        return new Finding(topic, Status.OK, lines);
    }

    static Finding warn(String topic, List<String> lines) {
        return new Finding(topic, Status.WARN, lines);
    }

    static Finding fail(String topic, List<String> lines) {
        return new Finding(topic, Status.FAIL, lines);
    }

    public boolean failed() {
        return status == Status.FAIL;
    }

    /** {@code [ok]   engine: first line}, the others indented below it. */
    public List<String> render() {
        String head = switch (status) {
            case OK -> "[ok]   ";
            case WARN -> "[warn] ";
            case FAIL -> "[FAIL] ";
        };
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).replace("\n", "\n         ");
            out.add(i == 0 ? head + topic + ": " + text : "         " + text);
        }
        return out;
    }
}
