package dev.envtest.plugin.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    private final Placeholders placeholders = new Placeholders(Map.of("a", "1", "svc.name", "data-storage-service", "dollar", "$x\\y"));

    @Test
    void knownNamesAreReplaced() {
        Placeholders.Result r = placeholders.resolve("name: ${svc.name}\nport: ${a}${a}");
        assertEquals("name: data-storage-service\nport: 11", r.text());
        assertEquals(List.of(), r.unresolved());
    }

    @Test
    void unknownNamesStayAsWrittenWithTheirLines() {
        Placeholders.Result r = placeholders.resolve("x: ${a}\ny: ${missing}\n\nz: ${also.missing} ${a}");
        assertEquals("x: 1\ny: ${missing}\n\nz: ${also.missing} 1", r.text());
        assertEquals(List.of(new Placeholders.Unresolved("missing", 2), new Placeholders.Unresolved("also.missing", 4)), r.unresolved());
    }

    @Test
    void doubleDollarEscapesAPlaceholder() {
        Placeholders.Result r = placeholders.resolve("script: echo $${a} ${a}");
        assertEquals("script: echo ${a} 1", r.text());
        assertEquals(List.of(), r.unresolved());
    }

    @Test
    void valuesAreInsertedLiterally() {
        assertEquals("v: $x\\y", placeholders.resolve("v: ${dollar}").text());
    }

    @Test
    void textWithoutPlaceholdersIsUnchanged() {
        String text = "a: $b\nc: ${ not a placeholder }\nd: {e: f}";
        assertEquals(text, placeholders.resolve(text).text());
    }
}
