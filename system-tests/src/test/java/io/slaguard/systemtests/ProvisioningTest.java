package io.slaguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Grafana's provisioning files are what Grafana expects and agree with the Prometheus they point at. */
class ProvisioningTest {

    @Test
    void theDatasourceIsThePrometheusEveryDashboardNames() {
        JsonNode file = Repo.yaml(Provisioning.DATASOURCES);
        assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
        assertThat(file.path("datasources").size()).isEqualTo(1);
        JsonNode ds = file.path("datasources").get(0);
        assertThat(ds.path("uid").asString()).isEqualTo("prometheus");
        assertThat(ds.path("type").asString()).isEqualTo("prometheus");
        assertThat(ds.path("access").asString()).isEqualTo("proxy");
        assertThat(ds.path("isDefault").asBoolean()).isTrue();
        assertThat(ds.path("url").asString()).isEqualTo("http://prometheus:9090");
    }

    /** Grafana derives $__rate_interval from the datasource's interval: it must be the scrape interval. */
    @Test
    void datasourceIntervalIsTheScrapeInterval() {
        String scrapeInterval = Repo.yaml(PrometheusConfig.FILE).path("global").path("scrape_interval").asString();
        assertThat(Repo.yaml(Provisioning.DATASOURCES).path("datasources").get(0).path("jsonData").path("timeInterval").asString())
                .isEqualTo(scrapeInterval);
        for (String job : new String[] {"pushgateway", "sla-manager"}) {
            JsonNode own = PrometheusConfig.job(job).path("scrape_interval");
            assertThat(own.isMissingNode() ? scrapeInterval : own.asString()).as(job).isEqualTo(scrapeInterval);
        }
        assertThat(PrometheusConfig.job("pushgateway").path("honor_labels").asBoolean(false)).isFalse();
        assertThat(PrometheusConfig.job("sla-manager").path("metrics_path").asString()).isEqualTo("/actuator/prometheus");
    }

    @Test
    void dashboardProvidersLoadFilesIntoAFolderAndCannotBeEditedAway() {
        JsonNode providers = Provisioning.dashboardProviders();
        assertThat(providers.size()).isEqualTo(1);
        JsonNode provider = providers.get(0);
        assertThat(provider.path("type").asString()).isEqualTo("file");
        assertThat(provider.path("folder").asString()).isNotBlank();
        assertThat(provider.path("options").path("path").asString()).startsWith("/");
        assertThat(provider.path("allowUiUpdates").asBoolean(true)).isFalse();
    }
}
