package io.tinyworkflow.web;

import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Iterator;

/**
 * A page whose state the server no longer has (the server restarted, or the page sat open past its
 * session) reloads itself instead of failing: a click or a poll on it gets a redirect to the same
 * page, fresh. Its query parameters are kept (from the Referer, as a postback has none), so a run's
 * page stays on the run.
 */
public class ExpiredViews extends ExceptionHandlerFactory {

  /**
   * Wraps the default handler.
   *
   * @param wrapped the handler of the implementation
   */
  public ExpiredViews(ExceptionHandlerFactory wrapped) {
    super(wrapped);
  }

  @Override
  public ExceptionHandler getExceptionHandler() {
    return new Handler(getWrapped().getExceptionHandler());
  }

  private static final class Handler extends ExceptionHandlerWrapper {

    Handler(ExceptionHandler wrapped) {
      super(wrapped);
    }

    @Override
    public void handle() {
      Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator();
      while (events.hasNext()) {
        Throwable thrown = events.next().getContext().getException();
        if (thrown instanceof ViewExpiredException expired) {
          events.remove();
          reload(expired.getViewId());
          return;
        }
      }
      getWrapped().handle();
    }

    private static void reload(String viewId) {
      FacesContext faces = FacesContext.getCurrentInstance();
      ExternalContext external = faces.getExternalContext();
      String page =
          external.getRequestContextPath()
              + (viewId == null || viewId.isBlank() ? "/index.xhtml" : viewId);
      // A postback goes to the page without its query; the browser's Referer still has it.
      String referer = external.getRequestHeaderMap().get("Referer");
      String target = page;
      if (referer != null) {
        try {
          URI from = URI.create(referer);
          if (page.equals(from.getRawPath()) && from.getRawQuery() != null) {
            target = page + "?" + from.getRawQuery();
          }
        } catch (IllegalArgumentException e) {
          // Not a URI: the page opens without its query.
        }
      }
      try {
        external.redirect(target);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      faces.responseComplete();
    }
  }
}
