package dev.concurrency.support.web;

import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * {@code ?limit=&cursor=} of a paged list (history, bids): at most {@link #MAX_LIMIT} items, 20 when
 * not given; the cursor is the id of the last item of the page before. Bad values are 400.
 */
public record PageRequest(int limit, Long cursor) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public static PageRequest parse(String limit, String cursor) {
        int size = limit == null || limit.isEmpty() ? DEFAULT_LIMIT : (int) Math.min(Integer.MAX_VALUE, Math.max(0, Ids.parse(limit, "limit")));
        if (size < 1 || size > MAX_LIMIT) {
            throw new ApiException(CommonProblem.INVALID_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
        }
        return new PageRequest(size, cursor == null || cursor.isEmpty() ? null : Ids.parse(cursor, "cursor"));
    }

    /**
     * The next page's cursor, from a query that read one row more than {@link #limit} (null on the
     * last page), and the rows of this page.
     */
    public <T> Page<T> page(List<T> readOneMore, ToLongFunction<T> id) {
        boolean more = readOneMore.size() > limit;
        List<T> items = more ? readOneMore.subList(0, limit) : readOneMore;
        return new Page<>(items, more ? Long.toString(id.applyAsLong(items.get(items.size() - 1))) : null);
    }

    /** One page: its items and the cursor of the next one (null on the last page). */
    public record Page<T>(List<T> items, String nextCursor) {
    }
}
