package io.vigil.it.history;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;

import java.util.List;

/**
 * A direct Sentinel client: Lettuce's master/replica client with Sentinel, with its defaults
 * (60 s command timeout, automatic reconnect, it refreshes the topology on Sentinel events).
 */
final class LettuceSentinelClient implements KvClient {

    private final RedisClient client;
    private final StatefulRedisMasterReplicaConnection<String, String> connection;

    LettuceSentinelClient(String masterName, List<Integer> sentinelPorts) {
        RedisURI.Builder uri = RedisURI.Builder.sentinel("127.0.0.1", sentinelPorts.get(0), masterName);
        for (int p : sentinelPorts.subList(1, sentinelPorts.size())) {
            uri.withSentinel("127.0.0.1", p);
        }
        client = RedisClient.create();
        connection = MasterReplica.connect(client, StringCodec.UTF8, uri.build());
    }

    @Override
    public void set(String key, String value) {
        connection.sync().set(key, value);
    }

    @Override
    public Op.Outcome classify(Exception e) {
        return e instanceof RedisCommandExecutionException ? Op.Outcome.FAIL : Op.Outcome.UNKNOWN;
    }

    @Override
    public String name() {
        return "lettuce-sentinel";
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
