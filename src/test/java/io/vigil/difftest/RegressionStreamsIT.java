package io.vigil.difftest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every stream the differential test once failed on, shrunk, replayed through a single-Redis and
 * a sharded pool: each must now give Redis's replies and data. One file per stream in
 * {@code src/test/resources/difftest/regressions}, one command a line ({@link Command#parse}).
 */
class RegressionStreamsIT {

    static Setup single;
    static Setup sharded;

    @BeforeAll
    static void start() throws Exception {
        single = Setup.start("single");
        sharded = Setup.start("sharded");
    }

    @AfterAll
    static void stop() {
        single.close();
        sharded.close();
    }

    @TestFactory
    Stream<DynamicTest> everyShrunkStreamNowMatchesRedis() throws IOException, URISyntaxException {
        Path dir = Path.of(RegressionStreamsIT.class.getResource("/difftest/regressions").toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            List<Command> body = new ArrayList<>();
            for (String line : Files.readAllLines(f)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    body.add(Command.parse(line));
                }
            }
            for (Setup setup : List.of(single, sharded)) {
                Difference d = new DiffRound(setup.redis, setup.vigil).run(List.of(Shrinker.withQuit(body)), 1);
                assertThat(d).as("%s through a %s pool", f.getFileName(), setup.sharded ? "sharded" : "single").isNull();
            }
        }));
    }
}
