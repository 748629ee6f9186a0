package io.slaguard.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Swagger UI rendered by a real headless Chromium: it lists the agreement routes, and a user who authorizes with an
 * API key creates an agreement through "Try it out" and then sees it listed.
 */
class SwaggerUiTest {
    private static final String KEY = "swagger-ui-test-key";
    private static final String AGREEMENT = """
            {"id": "made-in-ui", "name": "made in Swagger UI", "state": "stopped",
             "details": {"provider": {"id": "p", "name": "P"}, "client": {"id": "c", "name": "C"},
               "variables": [{"name": "x", "metric": "vector(1)"}],
               "guarantees": [{"name": "g", "constraint": "x < 2"}]}}""";

    @Test
    void aUserAuthorizesCreatesAnAgreementByTryItOutAndSeesItListed(@TempDir Path profile) {
        try (ManagerInstance manager = ManagerInstance.start(Map.of("sla.security.api-keys", KEY))) {
            ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                    .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--no-first-run", "--window-size=1400,3000", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
            ChromeDriver browser = new ChromeDriver(service, options);
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            try {
                // the old route redirects to the UI
                browser.get(manager.url() + "/swaggerui");
                List<WebElement> paths = wait.until(
                        ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector(".opblock-summary-path"), 10));
                List<String> routes = paths.stream().map(e -> e.getAttribute("data-path")).toList();
                assertThat(routes).contains("/agreements", "/agreements/{id}", "/agreements/{id}/details",
                        "/agreements/{id}/start", "/create-agreement", "/violations");
                assertThat(browser.getCurrentUrl()).contains("/swagger-ui");
                assertThat(browser.findElement(By.cssSelector(".info .title")).getText()).contains("SLA manager");

                authorize(browser, wait);

                WebElement create = operation(browser, "post", "/agreements");
                tryItOut(create, wait);
                WebElement body = create.findElement(By.cssSelector("textarea.body-param__text"));
                body.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
                body.sendKeys(AGREEMENT);
                create.findElement(By.cssSelector("button.execute")).click();
                assertThat(liveStatus(create, wait)).isEqualTo("201");
                assertThat(create.findElement(By.cssSelector(".live-responses-table tr.response .response-col_status"))
                        .getText()).doesNotContain("Undocumented");

                WebElement list = operation(browser, "get", "/agreements");
                tryItOut(list, wait);
                list.findElement(By.cssSelector("button.execute")).click();
                assertThat(liveStatus(list, wait)).isEqualTo("200");
                assertThat(list.findElement(By.cssSelector(".live-responses-table tr.response .response-col_description pre"))
                        .getText()).contains("made-in-ui").contains("made in Swagger UI");
            } finally {
                browser.quit();
            }
            assertThat(manager.api().get("/agreements/made-in-ui").status()).isEqualTo(200);
        }
    }

    /** The Authorize button, the key in the bearer scheme's field, Authorize, Close. */
    private static void authorize(ChromeDriver browser, WebDriverWait wait) {
        browser.findElement(By.cssSelector(".auth-wrapper .authorize")).click();
        By dialog = By.cssSelector(".modal-ux");
        wait.until(ExpectedConditions.visibilityOfElementLocated(dialog));
        WebElement bearer = browser.findElement(dialog).findElements(By.cssSelector(".auth-container")).stream()
                .filter(c -> c.getText().contains(OpenApiDocumentation.BEARER_KEY)).findFirst().orElseThrow();
        bearer.findElement(By.cssSelector("input")).sendKeys(KEY);
        bearer.findElement(By.cssSelector("button.authorize")).click();
        // an authorized scheme offers Logout instead of its field
        wait.until(d -> d.findElement(dialog).getText().contains("Logout"));
        browser.findElement(dialog).findElement(By.cssSelector("button.btn-done")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-ux")));
    }

    /** The operation block of a method and path, expanded. */
    private static WebElement operation(ChromeDriver browser, String method, String path) {
        WebElement block = browser.findElements(By.cssSelector(".opblock.opblock-" + method)).stream()
                .filter(b -> path.equals(b.findElement(By.cssSelector(".opblock-summary-path")).getAttribute("data-path")))
                .findFirst().orElseThrow();
        block.findElement(By.cssSelector(".opblock-summary")).click();
        return block;
    }

    private static void tryItOut(WebElement block, WebDriverWait wait) {
        wait.until(d -> !block.findElements(By.cssSelector("button.try-out__btn")).isEmpty());
        block.findElement(By.cssSelector("button.try-out__btn")).click();
        wait.until(d -> !block.findElements(By.cssSelector("button.execute")).isEmpty());
    }

    private static String liveStatus(WebElement block, WebDriverWait wait) {
        By status = By.cssSelector(".live-responses-table tr.response .response-col_status");
        wait.until(d -> !block.findElements(status).isEmpty() && !block.findElement(status).getText().isBlank());
        // the cell also says "Undocumented" when the status is not in the document
        return block.findElement(status).getText().strip().lines().findFirst().orElse("");
    }
}
