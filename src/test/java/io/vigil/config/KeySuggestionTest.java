package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeySuggestionTest {

    @Test
    void countsASwapOfNeighbouringLettersAsOneEdit() {
        assertThat(KeySuggestion.distance("hsah", "hash")).isEqualTo(1);
        assertThat(KeySuggestion.distance("timout", "timeout")).isEqualTo(1);
        assertThat(KeySuggestion.distance("", "abc")).isEqualTo(3);
    }

    @Test
    void suggestsOnlyCloseKeys() {
        assertThat(KeySuggestion.nearest("Listen", PoolKeys.ALL)).isEqualTo("listen");
        assertThat(KeySuggestion.nearest("server_retry_timout", PoolKeys.ALL)).isEqualTo("server_retry_timeout");
        assertThat(KeySuggestion.nearest("sentinel_pasword", PoolKeys.ALL)).isEqualTo("sentinel_password");
        assertThat(KeySuggestion.nearest("colour", PoolKeys.ALL)).isNull();
        assertThat(KeySuggestion.nearest("tls", PoolKeys.ALL)).isNull();
    }
}
