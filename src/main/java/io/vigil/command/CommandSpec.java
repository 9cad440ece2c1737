package io.vigil.command;

import io.vigil.protocol.RespRequest;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What the command table says about one command or subcommand: its name, arity, flags, ACL
 * categories and key specs. Immutable and shared by every event loop; the flag accessors are a
 * single AND, cheap enough to call per request.
 */
public final class CommandSpec {

    private final String name;
    private final int arity;
    /** Bits from {@link CommandFlags} for the flags the proxy routes on. */
    private final int bits;
    private final Set<String> flags;
    private final Set<String> aclCategories;
    /** Applied in order by {@link KeyFinder}. */
    final KeySpec[] keySpecs;
    /** Redis's own key rule where the specs fall short (SORT, MIGRATE), else null. */
    final GetKeysProc getKeysProc;

    CommandSpec(String name, int arity, Set<String> flags, Set<String> aclCategories,
                List<KeySpec> keySpecs, GetKeysProc getKeysProc) {
        this.name = name;
        this.arity = arity;
        this.flags = Set.copyOf(flags);
        this.bits = CommandFlags.bits(flags);
        this.aclCategories = Set.copyOf(aclCategories);
        this.keySpecs = keySpecs.toArray(new KeySpec[0]);
        this.getKeysProc = getKeysProc;
    }

    /** Lower case; a subcommand is written {@code container|sub}, e.g. {@code config|get}. */
    public String name() {
        return name;
    }

    /** Redis arity: n &gt; 0 means exactly n arguments, n &lt; 0 at least -n (the name counts). */
    public int arity() {
        return arity;
    }

    /** Whether a request of {@code argc} arguments (the command name included) fits the arity. */
    public boolean arityOk(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    /** Every flag as Redis prints it in {@code COMMAND}, e.g. {@code write}, {@code no_auth}. */
    public Set<String> flags() {
        return flags;
    }

    /** ACL categories without the {@code @}, e.g. {@code read}, {@code dangerous}. */
    public Set<String> aclCategories() {
        return aclCategories;
    }

    public boolean isWrite() {
        return hasFlag(CommandFlags.WRITE);
    }

    public boolean isReadonly() {
        return hasFlag(CommandFlags.READONLY);
    }

    public boolean isAdmin() {
        return hasFlag(CommandFlags.ADMIN);
    }

    public boolean isPubsub() {
        return hasFlag(CommandFlags.PUBSUB);
    }

    /** The table's {@code blocking} flag: the command may block (XREAD even without BLOCK). */
    public boolean isBlocking() {
        return hasFlag(CommandFlags.BLOCKING);
    }

    public boolean isNoscript() {
        return hasFlag(CommandFlags.NOSCRIPT);
    }

    public boolean isFast() {
        return hasFlag(CommandFlags.FAST);
    }

    public boolean isDenyOom() {
        return hasFlag(CommandFlags.DENYOOM);
    }

    /** Key positions depend on the arguments: use {@link #keys}, not a fixed index. */
    public boolean isMovableKeys() {
        return hasFlag(CommandFlags.MOVABLEKEYS);
    }

    /** Allowed while the server loads its dataset. */
    public boolean isLoading() {
        return hasFlag(CommandFlags.LOADING);
    }

    /** Allowed on a replica whose master link is down and {@code replica-serve-stale-data no}. */
    public boolean isStale() {
        return hasFlag(CommandFlags.STALE);
    }

    /** Refused inside MULTI. */
    public boolean isNoMulti() {
        return hasFlag(CommandFlags.NO_MULTI);
    }

    /**
     * Whether a replica may serve it: marked readonly and not write (GET, EVAL_RO, FCALL_RO, …).
     * Everything else, unknown commands included, belongs to the master.
     */
    public boolean mayGoToReplica() {
        return (bits & (CommandFlags.READONLY | CommandFlags.WRITE)) == CommandFlags.READONLY;
    }

    /** Whether the command can name keys at all (some key spec is not a channel spec). */
    public boolean hasKeys() {
        if (getKeysProc != null) {
            return true;
        }
        for (KeySpec spec : keySpecs) {
            if (!spec.notKey) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes the argument indexes of {@code req}'s keys into {@code out}, in Redis's order, and
     * returns how many; -1 when the request does not fit the key specs (a key count that is not a
     * number or exceeds the arguments, a key index past the end), which Redis would reject.
     * Allocates nothing.
     *
     * @param out reused by the caller; must have at least {@code req.argCount()} slots
     */
    public int keys(RespRequest req, int[] out) {
        return KeyFinder.keys(this, req, out);
    }

    /** {@link #keys} into a fresh array of the right size; -1 gives null. For tests and tools. */
    public int[] keyIndexes(RespRequest req) {
        int[] out = new int[req.argCount()];
        int n = keys(req, out);
        return n < 0 ? null : Arrays.copyOf(out, n);
    }

    boolean hasFlag(int bit) {
        return (bits & bit) != 0;
    }

    @Override
    public String toString() {
        return "CommandSpec[" + name + " arity=" + arity + " flags=" + flags + "]";
    }
}
