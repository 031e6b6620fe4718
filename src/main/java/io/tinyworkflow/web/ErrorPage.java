package io.tinyworkflow.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import jakarta.servlet.RequestDispatcher;

/**
 * The error page of every page: what went wrong in words, never a stack trace or an exception class
 * (the server's log has those).
 */
@Named("errorPage")
@RequestScoped
public class ErrorPage {

  /** A request attribute with what a page did not find, in words the error page may show. */
  public static final String NOT_FOUND = "tinyworkflow.notFound";

  /**
   * The status the error page shows.
   *
   * @return the HTTP status of the error, 500 when unknown
   */
  public int getStatus() {
    Object code =
        FacesContext.getCurrentInstance()
            .getExternalContext()
            .getRequestMap()
            .get(RequestDispatcher.ERROR_STATUS_CODE);
    return code instanceof Integer status ? status : 500;
  }

  private static String notFound() {
    Object said =
        FacesContext.getCurrentInstance().getExternalContext().getRequestMap().get(NOT_FOUND);
    return said instanceof String text ? text : null;
  }

  /**
   * The page's heading.
   *
   * @return a short title
   */
  public String getTitle() {
    return switch (getStatus()) {
      case 403 -> "Not allowed";
      case 404 -> notFound() == null ? "Page not found" : "Not found";
      case 503 -> "Waiting for the database";
      default -> "Something went wrong";
    };
  }

  /**
   * What happened and what to do.
   *
   * @return a sentence
   */
  public String getExplanation() {
    return switch (getStatus()) {
      case 403 ->
          "Your user has no role that allows this page. Ask an administrator for the role you"
              + " need.";
      case 404 -> notFound() == null ? "There is no page at this address." : notFound();
      case 503 ->
          "TinyWorkflow cannot reach its database yet and tries again every few seconds; this"
              + " page works as soon as it does. Its readiness check (/health/ready) says why.";
      default -> "The server could not show this page. Its log says why; try again later.";
    };
  }
}
