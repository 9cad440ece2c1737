package io.vigil.command;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlannerTest {

    private final CommandTable table = CommandTable.standard();
    private final Planner planner = new Planner(table);
    private final Requests requests = new Requests();

    @AfterEach
    void release() {
        requests.releaseAll();
    }

    private PlanKind plan(String... args) {
        var req = requests.of(args);
        return planner.plan(table.lookup(req), req);
    }

    @Test
    void ordinaryAndUnknownCommandsAreForwarded() {
        assertThat(plan("GET", "k")).isEqualTo(PlanKind.FORWARD);
        assertThat(plan("set", "k", "v")).isEqualTo(PlanKind.FORWARD);
        assertThat(plan("NOSUCHCOMMAND", "x")).isEqualTo(PlanKind.FORWARD);
        assertThat(plan("CLIENT", "LIST")).isEqualTo(PlanKind.FORWARD);
    }

    @Test
    void blockingCommandsGetADedicatedConnection() {
        assertThat(plan("BLPOP", "q", "0")).isEqualTo(PlanKind.FORWARD_DEDICATED);
        assertThat(plan("BZPOPMIN", "z", "0")).isEqualTo(PlanKind.FORWARD_DEDICATED);
        assertThat(plan("WAIT", "1", "0")).isEqualTo(PlanKind.FORWARD_DEDICATED);
        assertThat(plan("XREAD", "BLOCK", "0", "STREAMS", "s", "$")).isEqualTo(PlanKind.FORWARD_DEDICATED);
    }

    @Test
    void xreadWithoutBlockStaysOnTheSharedConnection() {
        assertThat(plan("XREAD", "COUNT", "1", "STREAMS", "s", "0")).isEqualTo(PlanKind.FORWARD);
        // a stream named "block" after STREAMS is a key, not the option
        assertThat(plan("XREAD", "STREAMS", "block", "0")).isEqualTo(PlanKind.FORWARD);
        assertThat(plan("XREADGROUP", "GROUP", "g", "c", "BLOCK", "10", "STREAMS", "s", ">"))
                .isEqualTo(PlanKind.FORWARD_DEDICATED);
    }

    @Test
    void connectionStateCommandsAreAnsweredLocally() {
        assertThat(plan("PING")).isEqualTo(PlanKind.PING);
        assertThat(plan("hello", "3")).isEqualTo(PlanKind.HELLO);
        assertThat(plan("CLIENT", "SETNAME", "x")).isEqualTo(PlanKind.CLIENT_SETNAME);
        assertThat(plan("client", "setinfo", "lib-name", "x")).isEqualTo(PlanKind.CLIENT_SETINFO);
        assertThat(plan("CLIENT", "REPLY", "OFF")).isEqualTo(PlanKind.CLIENT_REPLY);
    }

    @Test
    void commandsThatWouldHijackASharedConnectionAreRefused() {
        assertThat(plan("CLIENT", "TRACKING", "ON")).isEqualTo(PlanKind.UNSUPPORTED);
        assertThat(plan("PSYNC", "?", "-1")).isEqualTo(PlanKind.UNSUPPORTED);
    }

    @Test
    void transactionsAndSubscriptionsHaveTheirOwnKinds() {
        assertThat(plan("MULTI")).isEqualTo(PlanKind.MULTI);
        assertThat(plan("WATCH", "k")).isEqualTo(PlanKind.WATCH);
        assertThat(plan("SUBSCRIBE", "c")).isEqualTo(PlanKind.SUBSCRIBE);
        assertThat(plan("PSUBSCRIBE", "c*")).isEqualTo(PlanKind.SUBSCRIBE);
        assertThat(plan("MONITOR")).isEqualTo(PlanKind.MONITOR);
    }
}
