package io.stingray.ear;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The console in a real Payara Micro with Jakarta Security: nobody and a viewer cannot kill an
 * actor; an admin does it in headless Chromium (Debian's, driven by playwright-core from npm) and
 * sees it dead. The screenshot is kept as {@code target/console-after-kill.png}.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  static MicroServer server;
  static String actor;
  static final String NAME = "<img src=x onerror=\"window.__stingrayXss=1\">";

  @BeforeAll
  static void startServerWithAnActorAndSomeTasks() throws Exception {
    // a node name an attacker chose: every page must show it as text (stored XSS otherwise)
    server =
        MicroServer.start(18680, "console-" + UUID.randomUUID(), "-Dstingray.nodeName=" + NAME);
    server.awaitReady();
    HttpResponse<String> score =
        server.send("POST", "/stingray-example/api/leaderboard/alice/5", null);
    assertThat(score.statusCode()).as(score.body()).isEqualTo(200);
    server.get("/stingray-example/api/pi?samples=200000&tasks=8", null);
    String actors = server.get("/stingray/api/v1/actors?state=ALIVE", MicroServer.VIEWER);
    Matcher m = Pattern.compile("\"id\":\"([0-9a-f]{32})\"").matcher(actors);
    assertThat(m.find()).as(actors).isTrue();
    actor = m.group(1);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void nobodyAndAViewerCannotKillAnActor() throws Exception {
    String kill = "/stingray/api/v1/actors/" + actor + "/kill";
    assertThat(server.send("GET", "/stingray/", null).statusCode()).isEqualTo(401);
    assertThat(server.send("GET", "/stingray/api/v1/actors", null).statusCode()).isEqualTo(401);
    assertThat(server.send("GET", "/stingray/api/v1/actors", "ada:wrong-password").statusCode())
        .isEqualTo(401);
    assertThat(server.send("POST", kill, null, "X-Requested-By", "t").statusCode()).isEqualTo(401);
    HttpResponse<String> viewer =
        server.send("POST", kill, MicroServer.VIEWER, "X-Requested-By", "t");
    assertThat(viewer.statusCode()).as(viewer.body()).isEqualTo(403);
    assertThat(viewer.body()).contains("only the admin role");
    HttpResponse<String> noHeader = server.send("POST", kill, MicroServer.ADMIN);
    assertThat(noHeader.statusCode()).as(noHeader.body()).isEqualTo(403);
    assertThat(server.get("/stingray/api/v1/actors/?state=ALIVE", MicroServer.VIEWER))
        .as("the actor is still alive")
        .contains(actor);
    assertThat(server.get("/stingray/api/v1/audit", MicroServer.ADMIN))
        .contains("\"user\":\"vera\"", "refused: not in role admin");
    assertThat(server.get("/stingray/api/v1/me", MicroServer.VIEWER)).contains("\"admin\":false");
  }

  @Test
  @Order(2)
  void anAdminKillsTheActorInTheBrowserAndSeesItDead() throws Exception {
    Path shot = Path.of("target", "console-after-kill.png").toAbsolutePath();
    Files.deleteIfExists(shot);
    String[] admin = MicroServer.ADMIN.split(":");
    String out =
        runScript(
            "kill-actor.mjs", server.url(""), admin[0], admin[1], shot.toString(), "leaderboard");
    System.out.println("console in Chromium: " + out.strip());
    assertThat(shot).exists();
    assertThat(Files.size(shot)).isGreaterThan(10_000);
    assertThat(server.get("/stingray/api/v1/actors?state=DEAD", MicroServer.VIEWER))
        .contains(actor);
    assertThat(server.get("/stingray/api/v1/audit", MicroServer.VIEWER))
        .containsPattern("\"outcome\":\"done\"[^}]*\"user\":\"ada\"");
  }

  @Test
  @Order(3)
  void aNodeNameWithMarkupShowsAsTextInTheNodeView() throws Exception {
    String[] viewer = MicroServer.VIEWER.split(":");
    String out = runScript("node-view.mjs", server.url(""), viewer[0], viewer[1]);
    assertThat(out).contains("window.__stingrayXss");
  }

  /** Runs one of the browser scripts with Node.js; it must end within 2 minutes, exiting 0. */
  static String runScript(String... scriptAndArgs) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(List.of("node"));
    cmd.addAll(List.of(scriptAndArgs));
    Process node =
        new ProcessBuilder(cmd)
            .directory(browserDriver().toFile())
            .redirectErrorStream(true)
            .start();
    boolean ended = node.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      node.destroyForcibly();
    }
    String out = new String(node.getInputStream().readAllBytes());
    assertThat(ended).as("the browser script ended: " + out).isTrue();
    assertThat(node.exitValue()).as(out).isZero();
    return out;
  }

  /** target/browser with playwright-core installed from npm; node and Chromium must be there. */
  static Path browserDriver() throws IOException, InterruptedException {
    String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
    assertThat(Path.of(chromium))
        .as("the browser test needs Chromium (apt-get install chromium) at " + chromium)
        .exists();
    Path dir = Path.of("target", "browser");
    Files.createDirectories(dir);
    for (String f : List.of("package.json", "chromium.mjs", "kill-actor.mjs", "node-view.mjs")) {
      Files.copy(
          Path.of("src", "test", "browser", f),
          dir.resolve(f),
          StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
      Process npm;
      try {
        npm =
            new ProcessBuilder("npm", "install", "--no-audit", "--no-fund")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
      } catch (IOException e) {
        throw new AssertionError(
            "the browser test needs Node.js and npm (apt-get install nodejs npm)", e);
      }
      String out = new String(npm.getInputStream().readAllBytes());
      assertThat(npm.waitFor(300, TimeUnit.SECONDS) && npm.exitValue() == 0)
          .as("npm install playwright-core: " + out)
          .isTrue();
    }
    return dir;
  }
}
