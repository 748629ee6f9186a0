package io.slaguard.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Swagger UI rendered by a real headless Chromium lists the agreement routes. */
class SwaggerUiTest {

    @Test
    void swaggerUiListsTheAgreementRoutes(@TempDir Path profile) {
        try (ManagerInstance manager = ManagerInstance.start(Map.of())) {
            ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                    .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--no-first-run", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
            ChromeDriver browser = new ChromeDriver(service, options);
            try {
                // the old route redirects to the UI
                browser.get(manager.url() + "/swaggerui");
                List<WebElement> paths = new WebDriverWait(browser, Duration.ofSeconds(60)).until(
                        ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector(".opblock-summary-path"), 10));
                List<String> routes = paths.stream().map(e -> e.getAttribute("data-path")).toList();
                assertThat(routes).contains("/agreements", "/agreements/{id}", "/agreements/{id}/details",
                        "/agreements/{id}/start", "/create-agreement", "/violations");
                assertThat(browser.getCurrentUrl()).contains("/swagger-ui");
            } finally {
                browser.quit();
            }
        }
    }
}
