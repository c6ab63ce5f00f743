package dev.producttagger.tagger.http;

import static dev.producttagger.tagger.http.ApiClient.error;
import static dev.producttagger.tagger.http.ApiClient.json;
import static dev.producttagger.tagger.http.ApiClient.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.Image;
import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.schemas.events.TagDecided;
import dev.producttagger.tagger.ManualClock;
import dev.producttagger.tagger.TestEvents;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.review.Reviewers;
import dev.producttagger.tagger.stats.TaggerStatistics;
import dev.producttagger.tagger.topology.LatestTag;
import dev.producttagger.tagger.topology.ReviewCase;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review queue's endpoints: who may write, what a decision must say, and what it becomes. */
class ReviewApiTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final String TOKEN = "correct-horse-battery-staple";

  @TempDir Path dir;

  private final List<ReviewCase> pending = new ArrayList<>();
  private final List<TagDecided> decided = new ArrayList<>();
  private final List<Integer> partitions = new ArrayList<>();
  private TaggerHttpServer server;

  @BeforeEach
  void serve() throws IOException {
    Path file = dir.resolve("reviewers");
    Files.writeString(
        file, "# reviewers\n" + Reviewers.line("alice", TOKEN, new SecureRandom()) + "\n");
    server = serveWith(Reviewers.read(file));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TaggerHttpServer serveWith(Reviewers reviewers) throws IOException {
    ReviewCases cases =
        new ReviewCases() {
          @Override
          public List<ReviewCase> pendingHere(int limit) {
            return pending.stream().limit(limit).toList();
          }

          @Override
          public List<HostInfo> peers() {
            return List.of();
          }
        };
    ReviewDesk desk =
        new ReviewDesk(
            cases,
            new ReviewerAccess(reviewers),
            (decision, partition) -> {
              decided.add(decision);
              partitions.add(partition);
              return partition + "@" + (decided.size() - 1);
            },
            (partition, offset) ->
                partition == 1 && offset == 8
                    ? Optional.of(
                        new ImageUploaded(
                            "3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c13",
                            "seller-1",
                            "p-1",
                            NOW,
                            Image.gray8(
                                2, 3, new byte[] {0, 50, 100, (byte) 150, (byte) 200, (byte) 250})))
                    : Optional.empty());
    TaggerHttpServer bound =
        TaggerHttpServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    ModelRegistry registry = ModelRegistry.forFashionMnist(Optional.empty());
    return bound.serve(
        Router.of(
            new LatestTags() {
              @Override
              public Holder holderOf(String productId) {
                throw HttpError.notFound("no products in this test");
              }

              @Override
              public Optional<LatestTag> readLocal(String productId, Holder.Local where) {
                return Optional.empty();
              }
            },
            () -> Optional.empty(),
            new TaggerStatistics(registry, new ManualClock(NOW)),
            "self",
            desk));
  }

  private HttpResponse<String> decide(String body, String authorization, String contentType)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri().resolve("/api/reviews/decisions"))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return ApiClient.send(request);
  }

  private HttpResponse<String> decide(String body) throws Exception {
    return decide(body, "Bearer alice:" + TOKEN, "application/json");
  }

  private static String decision(String choice) {
    return "{\"eventId\":\"event-p-1\",\"productId\":\"p-1\",\"partition\":1,"
        + "\"model\":{\"name\":\"tiny\",\"version\":1,\"sha256\":\""
        + "0".repeat(64)
        + "\"},"
        + choice
        + "}";
  }

  @Test
  void theQueueListsPendingRequestsWithWhatADecisionMustName() throws Exception {
    pending.add(ReviewCase.pending(TestEvents.review("p-1", 6, NOW), new byte[784]));

    JsonNode queue = json(request(server, "GET", "/api/reviews/pending?limit=5"));

    assertEquals(10, queue.get("categories").size());
    assertEquals("Ankle boot", queue.get("categories").get(9).asText());
    JsonNode item = queue.get("items").get(0);
    assertEquals("event-p-1", item.get("eventId").asText());
    assertEquals(1, item.get("partition").asInt(), "the reviewed upload's partition");
    assertEquals(8, item.get("offset").asLong());
    assertEquals("tiny", item.get("model").get("name").asText());
    assertEquals(3, item.get("top").size());
    assertTrue(item.get("image").asText().startsWith("data:image/png;base64,"));
    assertEquals(0, queue.get("unreachable").size());
    error(request(server, "GET", "/api/reviews/pending?limit=0"), 400);
  }

  @Test
  void aSignedInReviewersCategoryGoesToTheUploadsPartition() throws Exception {
    HttpResponse<String> answer = decide(decision("\"category\":7"));

    assertEquals(202, answer.statusCode(), answer.body());
    assertEquals("alice", json(answer).get("reviewerId").asText());
    assertEquals("1@0", json(answer).get("writtenAt").asText());
    TagDecided decision = decided.get(0);
    assertEquals(new Category(7, "Sneaker"), decision.category());
    assertEquals("alice", decision.reviewerId());
    assertEquals("event-p-1", decision.eventId());
    assertEquals(TestEvents.MODEL, decision.model());
    assertEquals(List.of(1), partitions);
  }

  @Test
  void aRejectionCarriesItsReason() throws Exception {
    assertEquals(202, decide(decision("\"rejectReason\":\"not a fashion item\"")).statusCode());
    assertEquals("not a fashion item", decided.get(0).rejectReason());
  }

  @Test
  void writesNeedAReviewersCredentials() throws Exception {
    HttpResponse<String> anonymous = decide(decision("\"category\":7"), null, "application/json");
    error(anonymous, 401);
    assertTrue(
        anonymous.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
    error(decide(decision("\"category\":7"), "Bearer alice:wrong", "application/json"), 401);
    error(decide(decision("\"category\":7"), "Bearer mallory:" + TOKEN, "application/json"), 401);
    error(decide(decision("\"category\":7"), "Basic YWxpY2U6eA==", "application/json"), 401);
    error(request(server, "GET", "/api/reviews/me"), 401);
    assertEquals(
        "alice",
        json(ApiClient.send(
                HttpRequest.newBuilder(server.uri().resolve("/api/reviews/me"))
                    .header("Authorization", "Bearer alice:" + TOKEN)))
            .get("reviewerId")
            .asText());
    assertTrue(decided.isEmpty());
  }

  @Test
  void aTaggerWithoutReviewersTakesNoDecisions() throws Exception {
    server.close();
    server = serveWith(Reviewers.none());
    assertTrue(error(decide(decision("\"category\":7")), 403).contains("--reviewers"));
    assertTrue(decided.isEmpty());
  }

  @Test
  void badDecisionsAreRefusedBeforeTheyReachTheTopic() throws Exception {
    error(decide(decision("\"category\":7"), "Bearer alice:" + TOKEN, "text/plain"), 415);
    error(decide(decision("\"category\":7"), "Bearer alice:" + TOKEN, null), 415);
    error(decide("{not json"), 400);
    error(decide("[1,2]"), 400);
    error(decide(decision("\"category\":10")), 400);
    error(decide(decision("\"category\":-1")), 400);
    error(decide(decision("\"category\":\"7\"")), 400);
    error(decide(decision("\"category\":7,\"rejectReason\":\"both\"")), 400);
    error(decide(decision("\"rejectReason\":\"\"")), 400);
    error(decide(decision("\"other\":1")), 400);
    error(decide(decision("\"category\":7").replace("\"partition\":1", "\"partition\":-1")), 400);
    error(decide(decision("\"category\":7").replace("\"eventId\":\"event-p-1\",", "")), 400);
    error(decide(decision("\"category\":7").replace("\"version\":1", "\"version\":\"one\"")), 400);
    error(decide(decision("\"category\":7, \"pad\":\"" + "x".repeat(20_000) + "\"")), 413);
    assertTrue(decided.isEmpty());
  }

  @Test
  void theOriginalUploadIsShownFromTheUploadsTopic() throws Exception {
    HttpResponse<byte[]> photo =
        ApiClient.sendForBytes(
            HttpRequest.newBuilder(
                server.uri().resolve("/api/reviews/photo?partition=1&offset=8")));
    assertEquals(200, photo.statusCode());
    assertEquals("image/png", photo.headers().firstValue("Content-Type").orElseThrow());
    BufferedImage shown = ImageIO.read(new ByteArrayInputStream(photo.body()));
    assertEquals(2, shown.getWidth());
    assertEquals(3, shown.getHeight());
    assertEquals(250, shown.getRaster().getSample(1, 2, 0), "the gray8 pixels as sent");

    error(request(server, "GET", "/api/reviews/photo?partition=1&offset=9"), 404);
    error(request(server, "GET", "/api/reviews/photo?partition=1"), 400);
    error(request(server, "GET", "/api/reviews/photo?partition=x&offset=8"), 400);
  }

  @Test
  void eachPathTakesItsOwnMethod() throws Exception {
    HttpResponse<String> getOfAWrite = request(server, "GET", "/api/reviews/decisions");
    error(getOfAWrite, 405);
    assertEquals("POST", getOfAWrite.headers().firstValue("Allow").orElseThrow());
    HttpResponse<String> postOfARead = request(server, "POST", "/api/stats");
    error(postOfARead, 405);
    assertEquals("GET", postOfARead.headers().firstValue("Allow").orElseThrow());
  }
}
