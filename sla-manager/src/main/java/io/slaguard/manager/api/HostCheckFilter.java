package io.slaguard.manager.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Locale;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.slaguard.manager.config.SlaProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Without API keys, the manager answers only requests addressed to where it listens: {@code localhost} or an
 * address literal it is bound to. A page on another site that re-points its own name at 127.0.0.1 (DNS rebinding)
 * gets past the browser's same-origin rule but still sends its own name as Host, and is refused here. With keys
 * configured, the keys protect the API and any name is served.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class HostCheckFilter extends OncePerRequestFilter {
    private final boolean enabled;
    private final InetAddress bound;
    private final ErrorWriter errors;

    public HostCheckFilter(SlaProperties properties, Environment environment, ErrorWriter errors)
            throws UnknownHostException {
        this.enabled = properties.security().apiKeys().isEmpty();
        String address = environment.getProperty("server.address");
        this.bound = address == null || address.isBlank() ? null : InetAddress.getByName(address.trim());
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!enabled || addressedHere(request.getServerName())) {
            chain.doFilter(request, response);
            return;
        }
        errors.write(response, HttpStatus.FORBIDDEN, "this manager has no API keys and answers only requests"
                + " addressed to localhost or to an address it listens on; configure sla.security.api-keys to"
                + " serve other names");
    }

    private boolean addressedHere(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        boolean anyAddress = bound == null || bound.isAnyLocalAddress();
        if (name.equals("localhost")) {
            return anyAddress || bound.isLoopbackAddress();
        }
        InetAddress literal = literal(name);
        if (literal == null) {
            return false;
        }
        if (!anyAddress) {
            return literal.equals(bound) || (bound.isLoopbackAddress() && literal.isLoopbackAddress());
        }
        try {
            return literal.isLoopbackAddress() || NetworkInterface.getByInetAddress(literal) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** The address an IPv4 or bracketed IPv6 literal names, without any lookup; null for a name. */
    private static InetAddress literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ipv4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = bare.contains(":") && bare.matches("[0-9a-f:.%]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
