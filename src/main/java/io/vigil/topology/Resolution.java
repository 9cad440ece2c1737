package io.vigil.topology;

import io.vigil.config.Endpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The disagreement rule: which master a round of sentinel answers names. Only sentinels that gave
 * an address count. The highest {@code config-epoch} wins, because an epoch only grows when a
 * failover is agreed on; among the answers at that epoch, the address named by a strict majority
 * of them wins. With no majority there is no candidate, and the current view stays. A candidate
 * is still only a candidate: it must answer {@code ROLE} with {@code master} before anyone writes
 * to it.
 *
 * @param candidate the address the rule picks, or null when it picks none
 * @param configEpoch the epoch of the answers that named it; -1 without a candidate
 * @param backers the sentinels that named the candidate at that epoch
 * @param replicas every replica that some backer reports healthy, the candidate excepted, sorted so
 *     that the list does not change with the order in which sentinels answer
 * @param summary who said what, for the log: {@code 127.0.0.1:7002 at epoch 1 from 127.0.0.1:26379, …}
 */
record Resolution(Endpoint candidate, long configEpoch, List<Endpoint> backers, List<Endpoint> replicas,
                  String summary) {

    private static final Comparator<Endpoint> ORDER =
            Comparator.comparing(Endpoint::host).thenComparingInt(Endpoint::port);

    Resolution {
        backers = List.copyOf(backers);
        replicas = List.copyOf(replicas);
    }

    static Resolution decide(List<SentinelAnswer> answers) {
        List<SentinelAnswer> named = answers.stream().filter(a -> a.master() != null).toList();
        String summary = summarize(answers);
        if (named.isEmpty()) {
            return new Resolution(null, -1, List.of(), List.of(), summary);
        }
        long top = named.stream().mapToLong(SentinelAnswer::configEpoch).max().orElseThrow();
        Map<Endpoint, List<SentinelAnswer>> atTop = new LinkedHashMap<>();
        int voters = 0;
        for (SentinelAnswer answer : named) {
            if (answer.configEpoch() == top) {
                atTop.computeIfAbsent(answer.master(), k -> new ArrayList<>()).add(answer);
                voters++;
            }
        }
        for (Map.Entry<Endpoint, List<SentinelAnswer>> group : atTop.entrySet()) {
            if (group.getValue().size() * 2 > voters) {
                Endpoint candidate = group.getKey();
                List<Endpoint> backers = group.getValue().stream().map(SentinelAnswer::sentinel).toList();
                // right after a failover each sentinel learns the replicas' state at its own pace
                List<Endpoint> replicas = group.getValue().stream().flatMap(a -> a.replicas().stream())
                        .filter(r -> !r.equals(candidate)).distinct().sorted(ORDER).toList();
                return new Resolution(candidate, top, backers, replicas, summary);
            }
        }
        return new Resolution(null, -1, List.of(), List.of(), "no majority at epoch " + top + ": " + summary);
    }

    /** Answers grouped by what they said: {@code A at epoch 1 from s1, s2; B at epoch 0 from s3; s4: timed out}. */
    static String summarize(List<SentinelAnswer> answers) {
        if (answers.isEmpty()) {
            return "no sentinel reachable";
        }
        Map<String, StringJoiner> groups = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (SentinelAnswer answer : answers) {
            if (answer.master() == null) {
                failures.add(answer.sentinel() + ": " + answer.error());
            } else {
                String key = answer.master() + " at epoch " + answer.configEpoch() + " from ";
                groups.computeIfAbsent(key, k -> new StringJoiner(", ")).add(answer.sentinel().toString());
            }
        }
        StringJoiner all = new StringJoiner("; ");
        groups.forEach((key, sentinels) -> all.add(key + sentinels));
        failures.forEach(all::add);
        return all.toString();
    }
}
