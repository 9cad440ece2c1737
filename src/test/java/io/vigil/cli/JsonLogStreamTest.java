package io.vigil.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLogStreamTest {

    @Test
    void eachPrintedLineBecomesOneJsonObject() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonLogStream json = new JsonLogStream(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        json.println("2026-12-05T09:10:37.959Z [vigil-loop-1-1] INFO PoolRuntime - pool ha: writes \"now\" go to a\tb");
        json.println("\tat io.vigil.Foo.bar(Foo.java:1)");
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isEqualTo("{\"ts\":\"2026-12-05T09:10:37.959Z\",\"level\":\"INFO\",\"thread\":\"vigil-loop-1-1\","
                + "\"logger\":\"PoolRuntime\",\"msg\":\"pool ha: writes \\\"now\\\" go to a\\tb\"}");
        assertThat(lines[1]).startsWith("{\"ts\":\"").endsWith("\"level\":\"INFO\",\"logger\":\"PoolRuntime\","
                + "\"msg\":\"\\tat io.vigil.Foo.bar(Foo.java:1)\"}");
    }
}
