package io.slaguard.manager.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.util.UriUtils;

/**
 * Links the API hands out ({@code Location}, {@code Link}), with every id and query value percent-encoded: an id
 * may hold spaces or any character a URI must escape. Built before a write commits, so no link can fail after it.
 */
final class Links {
    private Links() {
    }

    /** {@code /<collection>/<id>}, the id encoded as one path segment. */
    static URI resource(String collection, String id) {
        return URI.create("/" + collection + "/" + encode(id == null ? "" : id));
    }

    /**
     * The request's own path (relative, so it holds behind a proxy that rewrites the host or the scheme) with its
     * query parameters, {@code offset} and {@code limit} replaced.
     */
    static String page(HttpServletRequest request, int offset, int limit) {
        StringJoiner query = new StringJoiner("&", "?", "");
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            String name = parameter.getKey();
            if (name.equals("offset") || name.equals("limit")) {
                continue;
            }
            for (String value : parameter.getValue()) {
                query.add(encode(name) + "=" + encode(value));
            }
        }
        query.add("offset=" + offset).add("limit=" + limit);
        return request.getRequestURI() + query;
    }

    /**
     * Everything but letters, digits and {@code -._~}: in a path a {@code ;} would start a path parameter for the
     * servlet container, in a query a {@code +}, {@code &} or {@code =} must stay data.
     */
    private static String encode(String text) {
        return UriUtils.encode(text, StandardCharsets.UTF_8);
    }
}
