package io.vigil.command;

import java.util.Set;

/**
 * One Redis 7 key specification: where a run of keys begins ({@link BeginSearch}) and how many
 * follow ({@link FindKeys}). A command has zero or more, applied in order by {@link KeyFinder}.
 *
 * <p>In {@code commands.tsv} a spec is written {@code flags/begin/find}, e.g.
 * {@code RW,access,delete/index:1/range:0:1:0} or {@code RO,access/keyword:STREAMS:1/range:-1:1:2}.
 */
final class KeySpec {

    /** Key-spec flags as Redis names them: RO, RW, OW, RM, access, update, insert, delete, … */
    final Set<String> flags;
    final BeginSearch begin;
    final FindKeys find;
    /** The spec names channels or other "fake" keys (SPUBLISH): skipped when finding keys. */
    final boolean notKey;
    /** The spec may miss keys: Redis then falls back to the command's own key procedure. */
    final boolean incomplete;

    KeySpec(Set<String> flags, BeginSearch begin, FindKeys find) {
        this.flags = Set.copyOf(flags);
        this.begin = begin;
        this.find = find;
        this.notKey = flags.contains("not_key");
        this.incomplete = flags.contains("incomplete");
    }

    @Override
    public String toString() {
        return "KeySpec" + flags + "[" + begin + ", " + find + "]";
    }

    /** Where the first key is. */
    sealed interface BeginSearch permits Index, Keyword, UnknownBegin {
    }

    /** The first key is argument {@code pos}. */
    record Index(int pos) implements BeginSearch {
    }

    /**
     * The first key follows the argument equal to {@code keyword} (ASCII case ignored). The search
     * starts at argument {@code startFrom} and walks right, or, when negative, starts at
     * {@code argc + startFrom} and walks left; it never looks at the last argument (walking right)
     * or at argument 1 and before (walking left).
     *
     * @param keyword lower case, as {@link io.vigil.protocol.RespRequest#argIs} wants it
     */
    record Keyword(String keyword, int startFrom) implements BeginSearch {
    }

    /** Only the command's own procedure knows (SORT's STORE and BY/GET). */
    record UnknownBegin() implements BeginSearch {
    }

    /** How many keys follow the first. */
    sealed interface FindKeys permits Range, KeyNum, UnknownFind {
    }

    /**
     * Keys from the first to {@code first + lastKey} every {@code step} arguments. A negative
     * {@code lastKey} counts from the end ({@code -1} is the last argument); with a {@code limit}
     * above zero only {@code 1/limit} of the remaining arguments are keys (XREAD's STREAMS half).
     */
    record Range(int lastKey, int step, int limit) implements FindKeys {
    }

    /**
     * The key count is argument {@code first + keyNumIdx}; the keys start at
     * {@code first + firstKey} and come every {@code step} arguments (EVAL, ZUNIONSTORE, LMPOP).
     */
    record KeyNum(int keyNumIdx, int firstKey, int step) implements FindKeys {
    }

    /** Only the command's own procedure knows. */
    record UnknownFind() implements FindKeys {
    }
}
