package dev.producttagger.tagger.http;

import com.sun.net.httpserver.HttpExchange;
import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.tagger.preprocessing.ImageLimits;
import dev.producttagger.tagger.preprocessing.ImagePreprocessor;
import dev.producttagger.tagger.preprocessing.ImageRejectedException;
import dev.producttagger.tagger.review.UploadRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * {@code GET /api/reviews/photo?partition=P&offset=O}: the upload at that place on the uploads
 * topic as a gray PNG preview, for the review page to show beside the 28x28 image the model saw.
 * 404 when the topic no longer holds it.
 */
final class PhotoEndpoint implements Endpoint {

  private final UploadRecords uploads;
  private final ImagePreprocessor preprocessor = new ImagePreprocessor(ImageLimits.DEFAULT);

  PhotoEndpoint(UploadRecords uploads) {
    this.uploads = uploads;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    int partition = QueryParameters.wholeNumber(query, "partition", 0, Integer.MAX_VALUE, -1);
    long offset = QueryParameters.number(query, "offset", 0, Long.MAX_VALUE, -1);
    if (partition < 0 || offset < 0) {
      throw HttpError.badRequest("give the upload's partition and offset");
    }
    ImageUploaded upload =
        uploads
            .at(partition, offset)
            .orElseThrow(
                () ->
                    HttpError.notFound(
                        "no upload at partition " + partition + " offset " + offset + " any more"));
    ByteArrayOutputStream png = new ByteArrayOutputStream(16 * 1024);
    try {
      ImageIO.write(preprocessor.preview(upload.image()), "png", png);
    } catch (ImageRejectedException e) {
      throw HttpError.notFound("the upload's image cannot be shown: " + e.getMessage());
    }
    Responses.send(exchange, 200, "image/png", png.toByteArray());
  }
}
