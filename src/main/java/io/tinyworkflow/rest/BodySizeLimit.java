package io.tinyworkflow.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request body larger than {@code tinyworkflow.max.input.bytes} (environment variable
 * {@code TINYWORKFLOW_MAX_INPUT_BYTES}, default 1 MB) with 413, before any of it is parsed: at once
 * when its length is declared, or as soon as a chunked body goes past the limit.
 */
@Provider
public class BodySizeLimit implements ContainerRequestFilter {

  @Inject
  @ConfigProperty(name = "tinyworkflow.max.input.bytes", defaultValue = "1048576")
  long maxBytes;

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getLength() > maxBytes) {
      request.abortWith(tooLarge(maxBytes));
      return;
    }
    if (request.hasEntity()) {
      request.setEntityStream(new Bounded(request.getEntityStream(), maxBytes));
    }
  }

  static Response tooLarge(long maxBytes) {
    String message =
        "The request body is larger than "
            + maxBytes
            + " bytes (TINYWORKFLOW_MAX_INPUT_BYTES sets the limit)";
    return ErrorMapper.json(413, message);
  }

  /** A stream that fails with 413 once more than its limit has been read. */
  private static final class Bounded extends FilterInputStream {
    private final long limit;
    private long read;

    Bounded(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(long n) {
      read += n;
      if (read > limit) {
        throw new WebApplicationException(tooLarge(limit));
      }
    }
  }
}
