package io.slaguard.manager.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.List;
import java.util.Set;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.slaguard.manager.config.SlaProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Mutating routes require one of the configured API keys ({@code Authorization: Bearer <key>} or
 * {@code X-API-Key}); reads stay open. With no key configured the server listens on loopback only, and a POST must
 * say it carries JSON: a browser sends a cross-origin POST without asking first only as a form, text or with no
 * body at all, so a page the operator visits cannot post to the manager (PUT, PATCH and DELETE always ask first).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class ApiKeyFilter extends OncePerRequestFilter {
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** The notification test sink takes what the rest notifier posts, which carries no key. */
    static final Set<String> OPEN_PATHS = Set.of("/notifications");

    private final List<byte[]> keys;
    private final ErrorWriter errors;

    public ApiKeyFilter(SlaProperties properties, ErrorWriter errors) {
        this.keys = properties.security().apiKeys().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (keys.isEmpty() && "POST".equals(request.getMethod()) && !isJson(request.getContentType())) {
            errors.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "a POST must carry Content-Type: application/json (or an API key)");
            return;
        }
        // an authorized caller (a valid key, or anyone when no key is configured) also sees health details
        boolean authorized = keys.isEmpty() || accepted(presentedKey(request));
        if (authorized) {
            chain.doFilter(new KeyHolder(request), response);
            return;
        }
        if (!MUTATING.contains(request.getMethod()) || OPEN_PATHS.contains(request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer");
        errors.write(response, HttpStatus.UNAUTHORIZED,
                "an API key is required: send Authorization: Bearer <key> or X-API-Key");
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.getType().equals("application")
                    && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** A request whose caller is authorized: the principal actuator's {@code when-authorized} looks for. */
    private static final class KeyHolder extends HttpServletRequestWrapper {
        private static final Principal API_KEY_HOLDER = () -> "api-key-holder";

        KeyHolder(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Principal getUserPrincipal() {
            return API_KEY_HOLDER;
        }
    }

    private static String presentedKey(HttpServletRequest request) {
        String header = request.getHeader("X-API-Key");
        if (header != null) {
            return header.trim();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    private boolean accepted(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            // constant time per key, and every key is compared, so timing tells nothing
            match |= MessageDigest.isEqual(key, candidate);
        }
        return match;
    }
}
