package io.vigil.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The recent topology events of every pool, the same ones Vigil logs: what a sentinel said, a
 * lost master, a switch, a verification, the first write a new master acknowledged, an ejection.
 * Bounded: the oldest event goes when {@link #DEFAULT_CAPACITY} are kept. Written on control
 * threads only (rare), so a lock is fine here.
 */
public final class EventLog {

    static final int DEFAULT_CAPACITY = 500;

    /**
     * One event.
     *
     * @param seq increasing number, so a reader can ask for what is newer than what it saw
     * @param epochMillis wall-clock time of the event
     * @param pool pool name
     * @param kind short word: kill, sdown, odown, switch, verified, first-write, eject, ...
     * @param shard the shard concerned, or null when the event is about the pool
     * @param text what happened, as logged
     */
    public record Event(long seq, long epochMillis, String pool, String kind, String shard, String text) {
    }

    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private final int capacity;
    private long seq;

    public EventLog() {
        this(DEFAULT_CAPACITY);
    }

    EventLog(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(String pool, String kind, String shard, String text) {
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(new Event(++seq, System.currentTimeMillis(), pool, kind, shard, text));
    }

    /** Events with a sequence number above {@code after}, oldest first. */
    public synchronized List<Event> since(long after) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (e.seq() > after) {
                out.add(e);
            }
        }
        return out;
    }
}
