package io.stingray.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The adapter in a real Payara Micro (the RAR deployed first by a post-boot command), and an
 * application whose EJB injects RayContext.
 */
@Tag("slow")
@ExtendWith(ArquillianExtension.class)
class ContainerTest {
  @Deployment
  static WebArchive application() {
    return ShrinkWrap.create(WebArchive.class, "stingray-it.war")
        .addPackage(ExampleService.class.getPackage())
        .addPackages(true, "io.stingray.api")
        .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
  }

  @Inject ContainerProbe probe;

  @Test
  void anEjbRunsTasksStoresObjectsAndCallsActors() {
    assertEquals(338_350L, probe.sumOfSquares(100));
    assertTrue(probe.roundTrip10MiB(), "a 10 MiB object comes back intact");
    assertEquals(20L, probe.actorBest(20));
  }

  @Test
  @RunAsClient
  void theExampleAnswersOverJaxRs(@ArquillianResource URL base) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> pi = get(http, base + "api/pi?samples=400000&tasks=4");
    assertEquals(200, pi.statusCode(), pi.body());
    double value = Double.parseDouble(pi.body().replaceAll(".*\"pi\":([0-9.]+).*", "$1"));
    assertEquals(Math.PI, value, 0.05, pi.body());

    HttpResponse<String> words =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "api/wordcount"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("to be or\n\nnot to be"))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, words.statusCode(), words.body());
    assertTrue(words.body().contains("\"to\":2"), words.body());
    assertTrue(words.body().contains("\"be\":2"), words.body());
    assertTrue(words.body().contains("\"not\":1"), words.body());

    HttpResponse<String> nodes = get(http, base + "api/nodes");
    assertEquals(200, nodes.statusCode(), nodes.body());
    String self = nodes.body().replaceAll(".*\"self\":\"([0-9a-f]+)\".*", "$1");
    assertTrue(
        nodes.body().replaceAll(".*\"alive\":\\[([^]]*)].*", "$1").contains(self),
        "this node sees itself alive: " + nodes.body());
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
