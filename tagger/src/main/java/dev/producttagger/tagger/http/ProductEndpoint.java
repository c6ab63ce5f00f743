package dev.producttagger.tagger.http;

import com.sun.net.httpserver.HttpExchange;
import dev.producttagger.tagger.topology.LatestTag;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code GET /api/products/{id}}: the product's latest tag or review request. The instance holding
 * the product's partition answers; any other instance forwards the request to it, once.
 */
final class ProductEndpoint implements Endpoint {

  static final String PREFIX = "/api/products/";

  /** Longest product id accepted, in characters. */
  static final int MAX_ID_LENGTH = 256;

  /** The instance whose store answered, so a client can see whether a request was forwarded. */
  static final String SERVED_BY = "X-Served-By";

  private final LatestTags tags;
  private final PeerProxy proxy;
  private final String self;

  /**
   * @param self this instance's host:port, named in {@link #SERVED_BY}
   */
  ProductEndpoint(LatestTags tags, PeerProxy proxy, String self) {
    this.tags = tags;
    this.proxy = proxy;
    this.self = self;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String id = productId(exchange.getRequestURI().getRawPath());
    LatestTags.Holder holder = tags.holderOf(id);
    if (holder instanceof LatestTags.Holder.Local local) {
      answer(exchange, id, tags.readLocal(id, local));
    } else if (PeerProxy.wasForwarded(exchange)) {
      // The sender thought this instance held the key: ownership is moving. Forwarding again could
      // loop between two instances.
      throw HttpError.unavailable("the product's partition is moving between instances; retry");
    } else {
      proxy.forward(((LatestTags.Holder.Remote) holder).host(), exchange);
    }
  }

  private void answer(HttpExchange exchange, String id, Optional<LatestTag> tag)
      throws IOException {
    exchange.getResponseHeaders().set(SERVED_BY, self);
    if (tag.isEmpty()) {
      throw HttpError.notFound("no tag for product '" + id + "' yet");
    }
    Responses.json(exchange, 200, tag.get());
  }

  /**
   * The decoded id after the prefix. Ids are free text from sellers, so all but the clearly invalid
   * are accepted: empty, longer than {@link #MAX_ID_LENGTH}, control characters, or broken
   * percent-encoding are refused.
   */
  static String productId(String rawPath) {
    String raw = rawPath.substring(PREFIX.length());
    if (raw.contains("/")) {
      throw HttpError.notFound("no such path: " + rawPath);
    }
    // URLDecoder is for forms, where '+' means a space; in a path it is a plus. Malformed escapes
    // never get here: the JDK's server refuses a request line that is not a valid URI with 400.
    String id = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    if (id.isEmpty()) {
      throw HttpError.badRequest("product id is empty");
    }
    if (id.codePointCount(0, id.length()) > MAX_ID_LENGTH) {
      throw HttpError.badRequest("product id is longer than " + MAX_ID_LENGTH + " characters");
    }
    if (id.codePoints().anyMatch(Character::isISOControl)) {
      throw HttpError.badRequest("product id contains control characters");
    }
    return id;
  }
}
