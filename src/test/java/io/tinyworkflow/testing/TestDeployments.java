package io.tinyworkflow.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one deployment of every in-server test: the application WAR that the build packaged, plus the
 * test support classes and the test class itself (with its superclasses).
 */
public final class TestDeployments {

  private TestDeployments() {}

  /**
   * Builds the test WAR.
   *
   * @param testClass the test class to run in the server
   * @return the application WAR with the tests added
   */
  public static WebArchive application(Class<?> testClass) {
    File war = new File(System.getProperty("tinyworkflow.it.war", "target/tinyworkflow.war"));
    if (!war.isFile()) {
      throw new IllegalStateException(
          "The application WAR " + war + " is missing: run the tests through `mvn verify`");
    }
    WebArchive archive =
        ShrinkWrap.createFromZipFile(WebArchive.class, war)
            .addPackage(TestDeployments.class.getPackage())
            // Traces on, exported to the tests' memory (MemorySpans), as an operator turns them on.
            .addAsResource(
                new org.jboss.shrinkwrap.api.asset.StringAsset(
                    String.join(
                        "\n",
                        "otel.sdk.disabled=false",
                        "otel.service.name=tinyworkflow-it",
                        "otel.traces.exporter=" + MemorySpans.NAME,
                        "otel.metrics.exporter=none",
                        "otel.logs.exporter=none",
                        "otel.bsp.schedule.delay=50",
                        // The OpenAPI document takes most of a deployment's time (its scan of
                        // every class and jar): only the suite that reads it has one.
                        "mp.openapi.scan.disable="
                            + !io.tinyworkflow.rest.RestSuite.class.isAssignableFrom(testClass),
                        "")),
                "META-INF/microprofile-config.properties")
            .addAsResource(
                new org.jboss.shrinkwrap.api.asset.StringAsset(
                    MemorySpans.Provider.class.getName() + "\n"),
                "META-INF/services/"
                    + io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider
                        .class
                        .getName());
    for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
      archive.addClass(c);
    }
    return ShrinkWrap.create(WebArchive.class, "tinyworkflow-it.war").merge(archive);
  }

  /**
   * Builds the application WAR with one version of a workflow's code, as a team redeploys it: each
   * version is served at the same address, {@code /tinyworkflow-versions}, and replaces the one
   * before.
   *
   * @param version the version, part of the archive's name
   * @param workflowClass the workflow's code in this version
   * @return the WAR
   */
  public static WebArchive versioned(String version, Class<?> workflowClass) {
    File war = new File(System.getProperty("tinyworkflow.it.war", "target/tinyworkflow.war"));
    WebArchive archive =
        ShrinkWrap.createFromZipFile(WebArchive.class, war)
            .addPackage(TestDeployments.class.getPackage())
            .addClass(workflowClass)
            .addAsWebInfResource(
                new org.jboss.shrinkwrap.api.asset.StringAsset(
                    """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <web-ext xmlns="http://websphere.ibm.com/xml/ns/javaee" version="1.1">
                      <context-root uri="tinyworkflow-versions"/>
                    </web-ext>
                    """),
                "ibm-web-ext.xml");
    return ShrinkWrap.create(WebArchive.class, "tinyworkflow-versions-" + version + ".war")
        .merge(archive);
  }
}
