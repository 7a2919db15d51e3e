package dev.envtest.plugin.doctor;

import java.util.List;

/** Every finding of one doctor run, in the order checked. */
public record Diagnosis(List<Finding> findings) {

    public Diagnosis {
        findings = List.copyOf(findings);
    }

    public boolean failed() {
        return findings.stream().anyMatch(Finding::failed);
    }

    public List<Finding> failures() {
        return findings.stream().filter(Finding::failed).toList();
    }

    public Finding finding(String topic) {
        return findings.stream().filter(f -> f.topic().equals(topic)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no finding " + topic + " among "
                        + findings.stream().map(Finding::topic).toList()));
    }
}
