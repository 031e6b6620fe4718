package io.tinyworkflow.security;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Marks the threads that serve a request to the API or the pages, so that {@link RoleCheck} tells a
 * user's request (checked) from the application's own work on its timers and executors, and from
 * servlets of the application's own (not checked).
 */
@WebListener
public class WebRequests implements ServletRequestListener {

  private static final ThreadLocal<Boolean> SERVING = new ThreadLocal<>();

  /**
   * Whether this thread serves a request to the API or the pages now.
   *
   * @return {@code true} inside a request
   */
  public static boolean onThisThread() {
    return Boolean.TRUE.equals(SERVING.get());
  }

  @Override
  public void requestInitialized(ServletRequestEvent event) {
    if (event.getServletRequest() instanceof HttpServletRequest request) {
      String path = request.getRequestURI().substring(request.getContextPath().length());
      if (SignInMechanism.isApi(path) || SignInMechanism.isPage(path)) {
        SERVING.set(Boolean.TRUE);
      }
    }
  }

  @Override
  public void requestDestroyed(ServletRequestEvent event) {
    SERVING.remove();
  }
}
