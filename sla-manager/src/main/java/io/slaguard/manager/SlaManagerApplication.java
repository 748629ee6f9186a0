package io.slaguard.manager;

import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.slaguard.manager.config.CommandLine;
import io.slaguard.manager.config.InvalidConfigurationException;

/** The SLA manager daemon. Accepts the original's {@code -f slalite.yml} besides Spring's {@code --key=value}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SlaManagerApplication {
    public static void main(String[] args) {
        String[] springArgs;
        try {
            springArgs = CommandLine.translate(args);
        } catch (InvalidConfigurationException e) {
            LoggerFactory.getLogger(SlaManagerApplication.class).error("sla-manager cannot start: {}", e.getMessage());
            System.exit(e.getExitCode());
            return;
        }
        SpringApplication.run(SlaManagerApplication.class, springArgs);
    }
}
