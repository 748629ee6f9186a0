package io.slaguard.manager.loop;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import io.slaguard.manager.assessment.AssessmentRound;
import io.slaguard.manager.assessment.AssessmentSettings;
import io.slaguard.manager.assessment.Assessor;
import io.slaguard.manager.assessment.NotStartedExpander;
import io.slaguard.manager.assessment.QueryExplainer;
import io.slaguard.manager.assessment.PrometheusMetricsSource;
import io.slaguard.manager.assessment.PrometheusSettings;
import io.slaguard.manager.assessment.SharedTickQueries;
import io.slaguard.manager.config.SlaProperties;
import io.slaguard.manager.notify.DispatcherSettings;
import io.slaguard.manager.notify.OutboxDispatcher;
import io.slaguard.protocol.PasswordMask;
import io.slaguard.manager.store.AgreementRepository;
import io.slaguard.manager.store.AssessmentRecorder;
import io.slaguard.manager.store.AssessorLease;
import io.slaguard.manager.store.HistoryPruner;
import io.slaguard.manager.store.JdbcOutbox;

/** Builds the assessment loop from the settings: Prometheus source, assessor, round, notifiers, dispatcher. */
@Configuration(proxyBeanMethods = false)
public class AssessmentWiring {
    private static final Logger log = LoggerFactory.getLogger(AssessmentWiring.class);

    @Bean
    @Primary
    PrometheusMetricsSource metricsSource(SlaProperties properties) {
        log.info("Prometheus at {}, query timeout {}", PasswordMask.mask(properties.prometheus().url()),
                properties.prometheus().timeout());
        return new PrometheusMetricsSource(properties.prometheus().url(), PrometheusSettings.anonymous());
    }

    /** What the assessment asks Prometheus: each distinct query once per tick, however many agreements share it. */
    @Bean(destroyMethod = "close")
    SharedTickQueries sharedTickQueries(PrometheusMetricsSource prometheus) {
        return new SharedTickQueries(prometheus);
    }

    @Bean
    AssessmentSettings assessmentSettings(SlaProperties properties) {
        return new AssessmentSettings(properties.transientTime(), properties.prometheus().defaultPredictor(),
                properties.prometheus().timeout(), properties.assessment().maxLastValues());
    }

    @Bean
    Assessor assessor(SharedTickQueries source, AssessmentSettings settings, SlaProperties properties) {
        return new Assessor(source, settings, new NotStartedExpander(source, properties.prometheus().timeout()));
    }

    /** The API's view of the loop's queries; compiles with the version the tick would ask Prometheus. */
    @Bean
    QueryExplainer queryExplainer(SharedTickQueries source, AssessmentSettings settings) {
        return new QueryExplainer(source, settings);
    }

    @Bean(destroyMethod = "close")
    AssessmentRound assessmentRound(Assessor assessor, SlaProperties properties) {
        // by default an agreement may take a period, but never less than one query's timeout and a second
        Duration floor = properties.prometheus().timeout().plusSeconds(1);
        Duration deadline = properties.assessment().agreementDeadline() != null
                ? properties.assessment().agreementDeadline()
                : properties.checkPeriod().compareTo(floor) > 0 ? properties.checkPeriod() : floor;
        return new AssessmentRound(assessor, properties.assessment().parallelism(), deadline);
    }

    @Bean(destroyMethod = "close")
    Notifiers notifiers(SlaProperties properties) {
        return Notifiers.from(properties);
    }

    @Bean(destroyMethod = "close")
    OutboxDispatcher outboxDispatcher(JdbcOutbox outbox, Notifiers notifiers, Clock clock) {
        return new OutboxDispatcher(outbox, notifiers.all(), DispatcherSettings.defaults(), clock);
    }

    @Bean
    AssessmentLoop assessmentLoop(AgreementRepository agreements, AssessmentRecorder recorder, AssessmentRound round,
                                  OutboxDispatcher dispatcher, Notifiers notifiers, LoopMetrics metrics, Clock clock,
                                  HistoryPruner pruner, AssessorLease lease, SlaProperties properties) {
        if (!properties.assessment().enabled()) {
            log.warn("assessment disabled (sla.assessment.enabled=false): serving the API only, nothing is assessed"
                    + " or delivered");
        }
        return new AssessmentLoop(agreements, recorder, round, dispatcher, notifiers, metrics, clock,
                properties.checkPeriod(), properties.pushgateway().groupRetention(), pruner,
                properties.storage().retention(), lease, properties.assessment().enabled());
    }
}
