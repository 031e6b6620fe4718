package io.tinyworkflow.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

/** Messages to the user, shown by the page's growl and kept across a redirect. */
@ApplicationScoped
public class Messages {

  /**
   * Says that something was done.
   *
   * @param text what was done
   */
  public void info(String text) {
    add(FacesMessage.SEVERITY_INFO, text);
  }

  /**
   * Says that something was not done, and why.
   *
   * @param text what and why
   */
  public void warn(String text) {
    add(FacesMessage.SEVERITY_WARN, text);
  }

  /**
   * Says that a request failed.
   *
   * @param text what failed and why
   */
  public void error(String text) {
    add(FacesMessage.SEVERITY_ERROR, text);
  }

  private static void add(FacesMessage.Severity severity, String text) {
    FacesContext faces = FacesContext.getCurrentInstance();
    faces.getExternalContext().getFlash().setKeepMessages(true);
    faces.addMessage(null, new FacesMessage(severity, text, null));
  }
}
