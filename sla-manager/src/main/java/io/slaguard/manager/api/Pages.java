package io.slaguard.manager.api;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * One page of a list route: at most {@code limit} items and at most {@link #MAX_PAGE_BYTES} of JSON (whichever
 * comes first, one item at least), {@code X-Total-Count} with the total over all pages, and a {@code Link} to the
 * next page while there is one. Items are stored from labels and requests, so no route trusts their count or size.
 */
final class Pages {
    static final String TOTAL_COUNT = "X-Total-Count";
    /** JSON a page may hold; an item over it comes alone. */
    static final int MAX_PAGE_BYTES = 8 * 1024 * 1024;

    private Pages() {
    }

    /** The leading items that fit the byte budget. */
    static <T> List<T> withinBudget(List<T> items, JsonMapper json) {
        long bytes = 0;
        for (int i = 0; i < items.size(); i++) {
            bytes += json.writeValueAsBytes(items.get(i)).length;
            if (bytes > MAX_PAGE_BYTES && i > 0) {
                return items.subList(0, i);
            }
        }
        return items;
    }

    /** The answer for {@code page}, found at {@code offset} among {@code total} items. */
    static <T> ResponseEntity<List<T>> answer(List<T> page, long total, int offset, int limit,
                                              HttpServletRequest request) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().header(TOTAL_COUNT, Long.toString(total));
        if (offset + page.size() < total) {
            answer.header(HttpHeaders.LINK, "<" + Links.page(request, offset + page.size(), limit) + ">; rel=\"next\"");
        }
        return answer.body(page);
    }

    static void checkBounds(int limit, int offset, int maxLimit) {
        if (limit < 1 || limit > maxLimit) {
            throw ApiException.badRequest("limit must be between 1 and " + maxLimit);
        }
        if (offset < 0) {
            throw ApiException.badRequest("offset must not be negative");
        }
    }
}
