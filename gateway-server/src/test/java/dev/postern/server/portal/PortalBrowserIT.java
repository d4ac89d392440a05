package dev.postern.server.portal;

import static dev.postern.server.imap.ImapGatewayHarness.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.testing.TestSecrets;
import dev.postern.server.imap.RawImapClient;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The portal end to end in a real headless browser: Debian's chromium driven through its own
 * chromedriver ({@value #CHROMEDRIVER}; Selenium Manager never downloads anything), signing in at a real
 * mock-oauth2-server, creating an app password, reading it from the page and logging in with it over IMAP
 * through Postern, revoking it on the page and seeing the next login refused; a POST without the CSRF
 * token refused; a label with markup shown as text. With {@code POSTERN_SCREENSHOT=1} (environment or
 * system property) the page listing app passwords is saved to {@code docs/portal.png}.
 */
class PortalBrowserIT {

    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String CHROMIUM = "/usr/bin/chromium";
    private static final Path SCREENSHOT = Path.of("..", "docs", "portal.png");

    @TempDir
    static Path folder;
    static PortalFixture fixture;
    static WebDriver browser;

    @BeforeAll
    static void start() throws IOException {
        fixture = PortalFixture.start(folder);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // the portal's certificate is the harness's self-signed one: trusted for this test only
        options.setAcceptInsecureCerts(true);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,820",
                "--ignore-certificate-errors");
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            fixture.close();
        }
    }

    private static String imapLogin(String password) throws IOException {
        try (RawImapClient client = fixture.harness.connectImplicit()) {
            List<String> answer = client.command("a", "LOGIN \"" + USER + "\" \"" + password + "\"");
            return answer.get(answer.size() - 1);
        }
    }

    private static WebElement waitFor(By what) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    private static String create(String label) {
        WebElement field = waitFor(By.id("label"));
        field.clear();
        field.sendKeys(label);
        browser.findElement(By.cssSelector("form.create button[type=submit]")).click();
        String password = waitFor(By.id("app-password")).getText();
        TestSecrets.registerPassword(USER, password);
        return password;
    }

    @Test
    void shouldSignInCreateUseAndRevokeAnAppPasswordInTheBrowser() throws Exception {
        // given: a signed-in user
        fixture.nextSignIn(PortalFixture.goodClaims(USER));
        browser.get(fixture.base() + "/");
        waitFor(By.id("sign-in")).click();
        // the sign-in page's own heading is there until the provider's redirects end: wait for the account page's
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.textToBe(By.tagName("h1"), AccountPage.TITLE));
        Cookie session = browser.manage().getCookieNamed(PortalSessions.SESSION_COOKIE);
        assertThat(session).isNotNull();
        TestSecrets.register(session.getValue());
        assertThat(session.isSecure()).isTrue();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");

        // when: an app password is created on the page
        String password = create("Thunderbird on the laptop");

        // then: shown once with the settings and a working copy button (the script from the jar ran), and it logs in
        assertThat(browser.findElement(By.cssSelector("button.copy")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("mail-settings")).getText()).contains("IMAP", "SSL/TLS",
                String.valueOf(fixture.harness.implicitPort()));
        assertThat(imapLogin(password)).startsWith("a OK");
        browser.findElement(By.linkText("Back to your app passwords")).click();
        WebElement table = waitFor(By.id("app-passwords"));
        assertThat(table.getText()).contains("Thunderbird on the laptop").doesNotContain(password);
        assertThat(browser.getPageSource()).doesNotContain(password);
        screenshot();

        // when: it is revoked on the page
        browser.findElement(By.cssSelector("button[aria-label='Revoke Thunderbird on the laptop']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                .until(driver -> driver.findElement(By.id("app-passwords")).getText().contains("revoked"));

        // then: the next login is refused
        assertThat(imapLogin(password)).startsWith("a NO");
    }

    @Test
    void shouldRefuseAPostWithoutTheCsrfTokenAndShowMarkupInALabelAsText() throws Exception {
        fixture.nextSignIn(PortalFixture.goodClaims(USER));
        browser.get(fixture.base() + "/signin");
        waitFor(By.id("label"));
        Cookie session = browser.manage().getCookieNamed(PortalSessions.SESSION_COOKIE);
        TestSecrets.register(session.getValue());

        // a form posted from elsewhere with the browser's cookie but without the token
        PortalClient forger = new PortalClient(fixture.harness.clientTls());
        forger.cookies.put(PortalSessions.SESSION_COOKIE, session.getValue());
        HttpResponse<String> forged = forger.post(fixture.base() + "/app-passwords/revoke-all", Map.of());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains(Html.text(MessagePage.CSRF_REFUSED));

        String label = "<script>alert(1)</script>";
        create(label);
        browser.findElement(By.linkText("Back to your app passwords")).click();
        WebElement table = waitFor(By.id("app-passwords"));
        assertThat(table.findElements(By.cssSelector("td[data-label=Label]"))).extracting(WebElement::getText)
                .contains(label);
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    private static void screenshot() throws IOException {
        String wanted = System.getProperty("POSTERN_SCREENSHOT", System.getenv("POSTERN_SCREENSHOT"));
        if (!"1".equals(wanted)) {
            return;
        }
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }
}
