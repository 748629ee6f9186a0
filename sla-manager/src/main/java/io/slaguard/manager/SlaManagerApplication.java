package io.slaguard.manager;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The SLA manager daemon. */
@SpringBootApplication
public class SlaManagerApplication {
    public static void main(String[] args) {
        SpringApplication.run(SlaManagerApplication.class, args);
    }
}
