package dev.producttagger.tagger.http;

/**
 * A request the API answers with an error status and a one-line reason, sent as {@code {"error":
 * ..., "status": ...}}. Thrown by endpoints; the router writes it.
 */
final class HttpError extends RuntimeException {

  private final int status;

  HttpError(int status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  static HttpError badRequest(String reason) {
    return new HttpError(400, reason);
  }

  static HttpError notFound(String reason) {
    return new HttpError(404, reason);
  }

  static HttpError unavailable(String reason) {
    return new HttpError(503, reason);
  }

  int status() {
    return status;
  }
}
