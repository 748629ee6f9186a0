package io.slaguard.manager.api;

import java.net.URI;

import org.springframework.web.util.UriComponentsBuilder;

/** The URI of a created entity, its id encoded as one path segment (ids may hold spaces, '%', '?', '#'...). */
final class Locations {
    private Locations() {
    }

    /** @param template a path with one {@code {id}} variable, e.g. {@code /agreements/{id}} */
    static URI of(String template, String id) {
        return UriComponentsBuilder.fromPath(template).buildAndExpand(id).encode().toUri();
    }
}
