package dev.envtest.plugin.mojo;

import java.util.ArrayList;
import java.util.List;

/** What every list parameter goes through: Maven gives null for an absent list and keeps blank entries. */
final class ParameterValues {

    private ParameterValues() {
    }

    /** The entries that are not blank, trimmed; an absent list is empty. */
    /** A blank or absent value is none. */
    static java.util.Optional<String> optional(String value) {
        return java.util.Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    static List<String> nonBlank(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                if (v != null && !v.isBlank()) {
                    out.add(v.trim());
                }
            }
        }
        return out;
    }
}
