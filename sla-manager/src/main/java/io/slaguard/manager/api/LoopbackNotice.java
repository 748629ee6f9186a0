package io.slaguard.manager.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.slaguard.manager.config.SlaProperties;

/** Says at start-up how the API is protected, so an operator never exposes an open API by accident. */
@Component
public class LoopbackNotice {
    private static final Logger log = LoggerFactory.getLogger(LoopbackNotice.class);

    private final SlaProperties properties;
    private final Environment environment;

    public LoopbackNotice(SlaProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void announce() {
        String address = environment.getProperty("server.address", "all interfaces");
        if (properties.security().apiKeys().isEmpty()) {
            log.warn("no API key configured (sla.security.api-keys): mutating routes are open, so the API listens on {} only",
                    address);
        } else {
            log.info("API keys required on mutating routes; listening on {}", address);
        }
    }
}
