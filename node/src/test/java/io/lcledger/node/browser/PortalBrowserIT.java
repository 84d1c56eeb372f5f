package io.lcledger.node.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.node.SandboxNode;
import io.lcledger.node.audit.TrailExports;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The client portal and the auditor pages in a real headless Chromium (Debian's chromium and
 * chromedriver; nothing is downloaded), against a real sandbox node. Screenshots of every page go
 * to target/screenshots/.
 */
class PortalBrowserIT {
  static final String SH = "sandbox-shanghai";
  static final String YZ = "sandbox-yangzhou";
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  static Path dir;
  static SandboxNode node;
  static WebDriver browser;
  static String base;
  static String documentId;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("lc-portal-it");
    node = new SandboxNode(dir.resolve("node"), Instant.parse("2026-03-02T02:00:00Z"));
    base =
        "http://127.0.0.1:"
            + ((org.springframework.boot.web.context.WebServerApplicationContext) node.context())
                .getWebServer()
                .getPort();
    seed();
    Files.createDirectories(SCREENSHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--user-data-dir=" + Files.createTempDirectory("chromium-profile"),
        "--window-size=1280,1000",
        "--lang=zh-CN");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (node != null) {
      node.close();
    }
  }

  @BeforeEach
  void loggedOut() {
    browser.manage().deleteAllCookies();
    browser.manage().window().setSize(new Dimension(1280, 1000));
  }

  static String terms(String lc, String applicantName, String applicantUscc) {
    return """
        {"lcNumber":"%s","advisingBranch":"yangzhou","applicant":{"name":"%s","uscc":"%s"},
         "beneficiary":{"name":"扬州远洋钢材有限公司","uscc":"91321003MA1WCB7N6N"},
         "amount":"1000000.00","currency":"CNY","tolerancePercent":5,"expiryDate":"2026-06-30","expiryPlace":"扬州",
         "latestShipmentDate":"2026-06-15","presentationPeriodDays":15,"paymentTerms":{"type":"SIGHT"},
         "partialShipmentsAllowed":true,"goodsDescription":"冷轧钢卷 200 吨","requiredDocuments":[{"type":"INVOICE","copies":3}]}"""
        .formatted(lc, applicantName, applicantUscc);
  }

  static void seed() throws Exception {
    ok(node.post(SH, "/api/v1/lcs", terms("LC-P-1", "上海申达贸易有限公司", "91310000132200821H")));
    ok(node.post(YZ, "/api/v1/lcs/LC-P-1/advice", null));
    // a trade document by its content (the node keeps no other kind)
    Path invoice =
        Files.writeString(
            dir.resolve("invoice.xml"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Invoice><No>0451</No><Text>VAT invoice No. 0451 - CNY 100000.00</Text></Invoice>");
    documentId = node.upload(YZ, invoice, "INVOICE").body().path("documentId").asText();
    ok(
        node.post(
            YZ,
            "/api/v1/lcs/LC-P-1/presentations",
            "{\"amount\":\"100000.00\",\"shipmentDate\":\"2026-03-01\",\"documentIds\":[\""
                + documentId
                + "\"]}"));
    ok(node.post(SH, "/api/v1/lcs", terms("LC-P-2", "苏州恒通机械有限公司", "91320500MA1N2P3Q0B")));
  }

  static void ok(SandboxNode.Reply reply) {
    assertThat(reply.status()).as(String.valueOf(reply.body())).isLessThan(300);
  }

  void login(String user) {
    browser.get(base + "/login");
    browser.findElement(By.id("username")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(user);
    browser.findElement(By.id("login")).click();
    waitUpTo(Duration.ofSeconds(10))
        .until(d -> d.getCurrentUrl().contains("/portal") || d.getCurrentUrl().contains("/audit"));
  }

  static void screenshot(String name) throws Exception {
    Files.write(
        SCREENSHOTS.resolve(name + ".png"),
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  WebDriverWait waitUpTo(Duration duration) {
    return new WebDriverWait(browser, duration);
  }

  @Test
  void loginAndLogout() throws Exception {
    browser.get(base + "/login");
    screenshot("01-login");
    login("applicant");
    assertThat(browser.getCurrentUrl()).endsWith("/portal");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("我的信用证");
    browser.findElement(By.id("logout")).click();
    waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login?logout"));
    assertThat(browser.getPageSource()).contains("您已退出");
    browser.get(base + "/portal");
    assertThat(browser.getCurrentUrl()).endsWith("/login");
  }

  @Test
  void theLoginFormWorksWithTheKeyboardAlone() {
    browser.get(base + "/login");
    // autofocus: the browser applies it once the page is shown, which may follow the load
    waitUpTo(Duration.ofSeconds(5))
        .until(b -> "username".equals(b.switchTo().activeElement().getAttribute("id")));
    WebElement focused = browser.switchTo().activeElement();
    focused.sendKeys("beneficiary", Keys.TAB);
    browser.switchTo().activeElement().sendKeys("beneficiary", Keys.ENTER);
    waitUpTo(Duration.ofSeconds(5)).until(ExpectedConditions.urlContains("/portal"));
    // both seeded LCs name this beneficiary (another test may add one)
    assertThat(browser.findElements(By.cssSelector("#lcs tr[data-lc]")))
        .extracting(r -> r.getAttribute("data-lc"))
        .contains("LC-P-1", "LC-P-2");
  }

  @Test
  void aClientSeesItsOwnLcsAndNoOthers() throws Exception {
    login("applicant");
    List<String> shown =
        browser.findElements(By.cssSelector("#lcs tr[data-lc]")).stream()
            .map(r -> r.getAttribute("data-lc"))
            .toList();
    assertThat(shown).containsExactly("LC-P-1");
    screenshot("02-portal-list");
    browser.get(base + "/portal/lcs/LC-P-2");
    assertThat(browser.getPageSource()).contains("LC_NOT_FOUND").doesNotContain("苏州恒通");
    browser.get(base + "/portal?q=P-2");
    assertThat(browser.findElements(By.cssSelector("#lcs tr[data-lc]"))).isEmpty();
  }

  @Test
  void theLcPageShowsTheTimelineAndANewStepWithoutReload() throws Exception {
    login("applicant");
    browser.get(base + "/portal/lcs/LC-P-1");
    List<String> steps =
        browser.findElements(By.cssSelector("#timeline tbody tr")).stream()
            .map(r -> r.getAttribute("data-step"))
            .toList();
    assertThat(steps).startsWith("ISSUE", "ADVISE", "PRESENT");
    assertThat(browser.findElement(By.cssSelector(".deadline")).getText()).isEqualTo("2026-03-09");
    assertThat(browser.findElement(By.cssSelector(".countdown")).getText()).isEqualTo("剩余 5 个工作日");
    screenshot("03-portal-lc");
    // mark the document, and record every LC number the page hears of on the live stream
    ((org.openqa.selenium.JavascriptExecutor) browser)
        .executeScript(
            "window.__sameDocument = true; window.__heard = [];"
                + " new EventSource('/portal/events').addEventListener('step',"
                + " e => window.__heard.push(JSON.parse(e.data).lcNumber));");
    Thread.sleep(500);

    // a step on another company's LC served by the same branch must not reach this browser
    ok(node.post(YZ, "/api/v1/lcs/LC-P-2/advice", null));
    ok(
        node.post(
            SH, "/api/v1/lcs/LC-P-1/presentations/1/examination", "{\"result\":\"COMPLIANT\"}"));
    waitUpTo(Duration.ofSeconds(2))
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#timeline tr[data-step='EXAMINE_COMPLIANT']")));
    assertThat(
            ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return window.__sameDocument === true;"))
        .isEqualTo(true);
    assertThat(
            ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return window.__heard.join(',');"))
        .asString()
        .contains("LC-P-1")
        .doesNotContain("LC-P-2");
    screenshot("04-portal-lc-live-update");
  }

  @Test
  void theLcPageOffersItsMt700AndMt707WhereTheirTextFitsTheSwiftCharacterSet() throws Exception {
    ok(
        node.post(
            SH,
            "/api/v1/lcs",
            """
            {"lcNumber":"LC-P-MT","advisingBranch":"yangzhou",
             "applicant":{"name":"SUZHOU HENGTONG MACHINERY CO LTD","uscc":"91320500MA1N2P3Q0B"},
             "beneficiary":{"name":"YANGZHOU OCEAN STEEL CO LTD","uscc":"91321003MA1WCB7N6N"},
             "amount":"500000.00","currency":"CNY","tolerancePercent":0,"expiryDate":"2026-06-30",
             "expiryPlace":"YANGZHOU","latestShipmentDate":"2026-06-15","presentationPeriodDays":15,
             "paymentTerms":{"type":"DEFERRED","deferredDays":90},"partialShipmentsAllowed":false,
             "goodsDescription":"MACHINE TOOLS","requiredDocuments":[{"type":"INVOICE","copies":2}]}"""));
    ok(
        node.post(
            SH, "/api/v1/lcs/LC-P-MT/amendments", "{\"changes\":{\"expiryDate\":\"2026-07-31\"}}"));
    login("beneficiary");
    browser.get(base + "/portal/lcs/LC-P-MT");
    List<WebElement> links = browser.findElements(By.cssSelector("#swift a.mt"));
    assertThat(links).extracting(WebElement::getText).containsExactly("MT700", "MT707 #1");
    String fin =
        (String)
            ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeAsyncScript(
                    "fetch(arguments[0]).then(r => r.text()).then(arguments[arguments.length - 1]);",
                    links.get(1).getAttribute("href"));
    assertThat(fin).contains("{2:I707", ":20:LC-P-MT/A1", ":26E:1", ":31D:260731YANGZHOU");
    screenshot("05-portal-lc-swift");

    // names and goods in Chinese: no MT, and the page says which fields keep it from SWIFT
    browser.get(base + "/portal/lcs/LC-P-1");
    assertThat(browser.findElements(By.cssSelector("#swift a.mt"))).isEmpty();
    assertThat(browser.findElement(By.cssSelector("#swift .note")).getText()).contains("50", "59");
  }

  @Test
  void aDocumentOpensAndItsBadgeShowsVerifiedUnlessTheFileWasTampered() throws Exception {
    login("applicant");
    browser.get(base + "/portal/lcs/LC-P-1");
    assertThat(
            browser.findElements(By.cssSelector("[data-document='" + documentId + "'] .verified")))
        .hasSize(1);
    String href =
        browser
            .findElement(By.cssSelector("[data-document='" + documentId + "'] a"))
            .getAttribute("href");
    // served only as a download (attachment, nosniff), never rendered in the node's origin
    String cookie = browser.manage().getCookieNamed("JSESSIONID").getValue();
    HttpResponse<byte[]> file = fetch(href, cookie);
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.headers().firstValue("Content-Disposition").orElse(""))
        .startsWith("attachment");
    assertThat(file.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(new String(file.body(), StandardCharsets.UTF_8)).contains("VAT invoice No. 0451");
    screenshot("05-document");

    Path content = node.dataDir().resolve("documents").resolve(documentId).resolve("content");
    byte[] original = Files.readAllBytes(content);
    Files.writeString(content, "VAT invoice No. 0451 - CNY 900000.00");
    try {
      browser.get(base + "/portal/lcs/LC-P-1");
      assertThat(
              browser.findElements(
                  By.cssSelector("[data-document='" + documentId + "'] .not-verified")))
          .hasSize(1);
      assertThat(
              browser.findElements(
                  By.cssSelector("[data-document='" + documentId + "'] .verified")))
          .isEmpty();
      screenshot("06-document-tampered");
      assertThat(new String(fetch(href, cookie).body(), StandardCharsets.UTF_8))
          .contains("DIGEST_MISMATCH")
          .doesNotContain("900000.00");
    } finally {
      Files.write(content, original);
    }
  }

  @Test
  void englishOnRequestAndUsableAtPhoneWidth() throws Exception {
    login("applicant");
    browser.findElement(By.linkText("English")).click();
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("My letters of credit");
    browser.manage().window().setSize(new Dimension(390, 844));
    browser.get(base + "/portal/lcs/LC-P-1");
    Object overflow =
        ((org.openqa.selenium.JavascriptExecutor) browser)
            .executeScript("return document.documentElement.scrollWidth <= window.innerWidth + 1;");
    assertThat(overflow).isEqualTo(true);
    screenshot("07-portal-lc-phone-en");
    browser.findElement(By.linkText("中文")).click();
  }

  @Test
  void theAuditorTracesVerifiesAndExportsATrail() throws Exception {
    login("auditor");
    assertThat(browser.getCurrentUrl()).endsWith("/audit");
    browser.findElement(By.id("lc")).sendKeys("LC-P-1", Keys.ENTER);
    // the search redirects to the trail page: wait for it rather than read the old page
    waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/audit/lcs/LC-P-1"));
    List<WebElement> rows = browser.findElements(By.cssSelector("#trail tbody tr"));
    assertThat(rows.size()).isGreaterThanOrEqualTo(3);
    assertThat(rows.get(0).getText()).contains("ShanghaiMSP");
    browser.findElement(By.id("verify")).click();
    WebElement panel = browser.findElement(By.id("verification"));
    assertThat(panel.getAttribute("class")).contains("passed");
    assertThat(browser.findElements(By.cssSelector("#verification .check.failed"))).isEmpty();
    screenshot("08-audit-trail-verified");

    String cookie = browser.manage().getCookieNamed("JSESSIONID").getValue();
    String csv =
        new String(
            download(browser.findElement(By.id("csv")).getAttribute("href"), cookie),
            StandardCharsets.UTF_8);
    assertThat(csv.lines().findFirst().orElseThrow())
        .isEqualTo("txId,blockNumber,timestamp,branch,mspId,step,status,changes");
    assertThat(csv).contains("ISSUE").contains("PRESENT");
    byte[] pdf = download(browser.findElement(By.id("pdf")).getAttribute("href"), cookie);
    X509Certificate nodeCert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(
                        download(browser.findElement(By.id("cert")).getAttribute("href"), cookie)));
    assertThat(TrailExports.verify(pdf, nodeCert)).isTrue();
    Files.write(Path.of("target", "LC-P-1-trail.pdf"), pdf);
    byte[] edited = pdf.clone();
    int at = new String(pdf, StandardCharsets.ISO_8859_1).indexOf("LC-P-1");
    edited[at + 5] = '9';
    assertThat(TrailExports.verify(edited, nodeCert)).isFalse();
  }

  @Test
  void theAuditorSeesAFailedCheckPlainlyRed() throws Exception {
    Path content = node.dataDir().resolve("documents").resolve(documentId).resolve("content");
    byte[] original = Files.readAllBytes(content);
    Files.writeString(content, "forged");
    try {
      login("auditor");
      browser.get(base + "/audit/lcs/LC-P-1?verify=true");
      assertThat(browser.findElement(By.id("verification")).getAttribute("class"))
          .contains("failed");
      assertThat(browser.findElements(By.cssSelector("#verification .check.failed"))).isNotEmpty();
      screenshot("09-audit-verification-failed");
    } finally {
      Files.write(content, original);
    }
  }

  /** A deferred LC, amended, examined and accepted; and a sight LC awaiting examination. */
  static boolean lifecycleSeeded;

  static synchronized void seedLifecycle() throws Exception {
    if (lifecycleSeeded) {
      return;
    }
    lifecycleSeeded = true;
    if (node.post(
                SH,
                "/api/v1/lcs",
                terms("LC-P-9", "上海申达贸易有限公司", "91310000132200821H")
                    .replace("{\"type\":\"SIGHT\"}", "{\"type\":\"DEFERRED\",\"deferredDays\":90}"))
            .status()
        >= 300) {
      return; // seeded by an earlier test
    }
    ok(node.post(YZ, "/api/v1/lcs/LC-P-9/advice", null));
    ok(
        node.post(
            SH,
            "/api/v1/lcs/LC-P-9/amendments",
            "{\"changes\":{\"amount\":\"1200000.00\",\"expiryDate\":\"2026-09-30\"}}"));
    ok(node.post(YZ, "/api/v1/lcs/LC-P-9/amendments/1/response", "{\"accepted\":true}"));
    Path invoice =
        Files.writeString(
            dir.resolve("invoice-9.xml"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Invoice><No>0452</No><Text>VAT invoice No. 0452 - CNY 100000.00</Text></Invoice>");
    SandboxNode.Reply uploaded = node.upload(YZ, invoice, "INVOICE");
    ok(uploaded);
    String doc = uploaded.body().path("documentId").asText();
    ok(
        node.post(
            YZ,
            "/api/v1/lcs/LC-P-9/presentations",
            "{\"amount\":\"100000.00\",\"shipmentDate\":\"2026-03-01\",\"documentIds\":[\""
                + doc
                + "\"]}"));
    ok(
        node.post(
            SH, "/api/v1/lcs/LC-P-9/presentations/1/examination", "{\"result\":\"COMPLIANT\"}"));
    ok(node.post(SH, "/api/v1/lcs/LC-P-9/presentations/1/acceptance", null));

    ok(node.post(SH, "/api/v1/lcs", terms("LC-P-8", "上海申达贸易有限公司", "91310000132200821H")));
    ok(node.post(YZ, "/api/v1/lcs/LC-P-8/advice", null));
    Path invoice8 =
        Files.writeString(
            dir.resolve("invoice-8.xml"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Invoice><No>0453</No><Text>VAT invoice No. 0453 - CNY 100000.00</Text></Invoice>");
    String doc8 = node.upload(YZ, invoice8, "INVOICE").body().path("documentId").asText();
    ok(
        node.post(
            YZ,
            "/api/v1/lcs/LC-P-8/presentations",
            "{\"amount\":\"100000.00\",\"shipmentDate\":\"2026-03-01\",\"documentIds\":[\""
                + doc8
                + "\"]}"));
  }

  static final Pattern LOCAL_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");

  /** The page's words for a language, and whether the page fits the width without scrolling. */
  record Language(String param, String tag, String days, String amount, String left) {}

  static final List<Language> LANGUAGES =
      List.of(
          new Language("zh_CN", "zh", "90 天", "金额", "剩余 5 个工作日（共 5 个）"),
          new Language("en", "en", "90 days", "Amount", "5 of 5 business days left"));

  static final List<Integer> WIDTHS = List.of(390, 1280);

  Object js(String script) {
    return ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(script);
  }

  @Test
  void theLcPageShowsItsLifecycleDeadlinesAndAmendmentInWordsAtBothWidthsInBothLanguages()
      throws Exception {
    seedLifecycle();
    login("applicant");
    for (Language lang : LANGUAGES) {
      for (int width : WIDTHS) {
        String at = lang.tag() + "-" + width;
        browser.manage().window().setSize(new Dimension(width, 1000));
        browser.get(base + "/portal/lcs/LC-P-9?lang=" + lang.param());
        // 1. the stepper: issued to accepted done, closing to come; the amendment a branch
        List<WebElement> stages = browser.findElements(By.cssSelector("#lifecycle li.stage"));
        assertThat(stages.stream().map(e -> e.getAttribute("data-stage")))
            .as(at)
            .containsExactly("issued", "advised", "presented", "examined", "honoured", "closed");
        assertThat(stages.stream().map(e -> e.getAttribute("class")))
            .as(at)
            .containsExactly(
                "stage done",
                "stage done",
                "stage done",
                "stage done",
                "stage done",
                "stage current");
        assertThat(
                browser.findElements(By.cssSelector("#lifecycle .chip[data-branch='amendment']")))
            .as(at)
            .hasSize(1);
        // 2. words: "90 days", the amendment's fields old → new, never a map's toString
        assertThat(browser.findElement(By.cssSelector("dl.terms")).getText()).contains(lang.days());
        WebElement amount =
            browser.findElement(By.cssSelector("article.amendment dt[data-field='amount']"));
        assertThat(amount.getText()).isEqualTo(lang.amount());
        assertThat(amount.findElement(By.xpath("following-sibling::dd[1]")).getText())
            .isEqualTo("CNY 1,000,000.00 → CNY 1,200,000.00");
        assertThat(browser.getPageSource()).doesNotContain("{amount=").doesNotContain("days}");
        // 3. the maturity of 2 March + 90 days, a Sunday, is Monday 1 June (顺延)
        assertThat(browser.findElement(By.cssSelector("article[data-presentation='1']")).getText())
            .contains("2026-06-01");
        // times in Asia/Shanghai, not UTC ISO; transaction ids short, the whole id copied on click
        List<WebElement> times = browser.findElements(By.cssSelector("#timeline td time"));
        assertThat(times.get(0).getText()).matches(LOCAL_TIME).startsWith("2026-03-02 10:");
        WebElement tx = browser.findElement(By.cssSelector("#timeline button.tx"));
        assertThat(tx.getText()).contains("…").hasSizeLessThan(17);
        assertThat(tx.getAttribute("data-copy")).hasSizeGreaterThan(30);
        assertThat(tx.getSize().getHeight()).as(at).isLessThan(40);
        assertThat(js("return document.documentElement.scrollWidth <= window.innerWidth + 1;"))
            .as(at)
            .isEqualTo(true);
        screenshot("10-lc-lifecycle-" + at);
        tx.click();
        waitUpTo(Duration.ofSeconds(2))
            .until(
                d ->
                    d.findElement(By.cssSelector("#timeline button.tx"))
                        .getAttribute("class")
                        .contains("copied"));

        // 1. deadline bars: the examination's 5 business days and the expiry
        browser.get(base + "/portal/lcs/LC-P-8");
        WebElement exam =
            browser.findElement(By.cssSelector(".deadline-bar[data-deadline='examination']"));
        assertThat(exam.findElement(By.tagName("meter")).getAttribute("max")).isEqualTo("5");
        assertThat(exam.findElement(By.cssSelector(".left")).getText()).isEqualTo(lang.left());
        assertThat(exam.getText()).contains("2026-03-02 → 2026-03-09");
        assertThat(
                browser.findElements(By.cssSelector(".deadline-bar[data-deadline='expiry'] meter")))
            .hasSize(1);
        assertThat(
                browser
                    .findElement(By.cssSelector("#lifecycle li[aria-current='step']"))
                    .getAttribute("data-stage"))
            .isEqualTo("examined");
        screenshot("11-lc-deadlines-" + at);
      }
    }
  }

  @Test
  void theAuditPageReadsInTheViewersLanguageAndZoneAtBothWidths() throws Exception {
    seedLifecycle();
    login("auditor");
    for (Language lang : LANGUAGES) {
      for (int width : WIDTHS) {
        String at = lang.tag() + "-" + width;
        browser.manage().window().setSize(new Dimension(width, 1000));
        browser.get(base + "/audit/lcs/LC-P-9?verify=true&lang=" + lang.param());
        assertThat(browser.findElement(By.id("verification")).getAttribute("class"))
            .contains("passed");
        List<WebElement> checks = browser.findElements(By.cssSelector("#verification li"));
        assertThat(checks).hasSizeGreaterThan(2);
        for (WebElement check : checks) {
          // ids and digests aside, every word of a check is in the page's language
          String words =
              check
                  .getText()
                  .replaceAll("[0-9a-fA-F-]{8,}…?[0-9a-fA-F]*", "")
                  .replace("SHA-256", "")
                  .replace("SM3", "");
          if (lang.tag().equals("zh")) {
            assertThat(words)
                .as(at)
                .doesNotContainPattern("[A-Za-z]{3,}")
                .containsPattern("\\p{IsHan}");
          } else {
            assertThat(words).as(at).doesNotContainPattern("\\p{IsHan}");
          }
        }
        for (WebElement change : browser.findElements(By.cssSelector("#trail ul.compact li"))) {
          String label = change.getText().split(":")[0].replace("SHA-256", "").replace("SM3", "");
          if (lang.tag().equals("zh")) {
            assertThat(label).as(at).doesNotContainPattern("[A-Za-z]");
          } else {
            assertThat(label).as(at).doesNotContain("[").doesNotContainPattern("[a-z]\\.[a-z]");
          }
        }
        assertThat(browser.findElement(By.id("trail")).getText()).doesNotContain("{amount=");
        List<WebElement> times = browser.findElements(By.cssSelector("#trail td time"));
        assertThat(times.get(0).getText()).matches(LOCAL_TIME).startsWith("2026-03-02 10:");
        assertThat(browser.findElement(By.cssSelector("#trail button.tx")).getText()).contains("…");
        screenshot("12-audit-trail-" + at);
      }
    }
    // another zone on request, kept for the next page
    browser.get(base + "/audit/lcs/LC-P-9?tz=Europe/London");
    assertThat(browser.findElements(By.cssSelector("#trail td time")).get(0).getText())
        .startsWith("2026-03-02 02:");
  }

  static byte[] download(String url, String sessionCookie) throws Exception {
    HttpResponse<byte[]> response = fetch(url, sessionCookie);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  static HttpResponse<byte[]> fetch(String url, String sessionCookie) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Cookie", "JSESSIONID=" + sessionCookie)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }
}
