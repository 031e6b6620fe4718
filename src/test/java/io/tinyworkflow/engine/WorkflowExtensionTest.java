package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.transaction.Transactional;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowExtensionTest {

  @Workflow(name = "etl", version = "3", timeoutSeconds = 300, retry = @Retry(maxRetries = 2))
  static class Etl implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      return null;
    }
  }

  @Workflow(name = "etl")
  static class OtherEtl implements WorkflowDefinition {
    @Override
    public Object run(WorkflowContext ctx) {
      return null;
    }
  }

  @Workflow(name = "not_a_definition")
  static class NotADefinition {}

  static class Activities {
    @Activity(name = "fetch_data", timeoutSeconds = 30, retry = @Retry(maxRetries = 5))
    public String fetch(String url) {
      return url;
    }

    @Activity
    public String transform(String data) {
      return data;
    }
  }

  static class MoreActivities {
    @Activity(name = "fetch_data")
    public String fetchAgain(String url) {
      return url;
    }

    @Activity(retry = @Retry(backoffMultiplier = 0.5))
    public String badPolicy() {
      return "";
    }
  }

  static class LedgerActivities {
    @Activity(name = "book", transactional = true)
    public void book() {}

    @Activity(name = "joins")
    @Transactional
    public void joins() {}

    @Activity(name = "plain")
    public void plain() {}

    @Activity(name = "own_transaction")
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void ownTransaction() {}
  }

  @Transactional(Transactional.TxType.MANDATORY)
  static class MandatoryBean {
    @Activity(name = "mandatory")
    public void mandatory() {}
  }

  static class Contradiction {
    @Activity(name = "split", transactional = true)
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void split() {}
  }

  @Test
  void anActivityIsTransactionalWhenItSaysSoOrJoinsTheCallersTransaction() {
    WorkflowExtension extension = new WorkflowExtension();
    addActivities(extension, LedgerActivities.class);
    addActivities(extension, MandatoryBean.class);
    var activities = extension.activities();
    assertTrue(activities.get("book").info().transactional());
    assertTrue(activities.get("joins").info().transactional());
    assertTrue(activities.get("mandatory").info().transactional());
    assertFalse(activities.get("plain").info().transactional());
    assertFalse(
        activities.get("own_transaction").info().transactional(),
        "REQUIRES_NEW commits on its own: the step cannot commit with it");
    assertEquals(List.of(), extension.errors());
  }

  @Test
  void refusesATransactionalActivityWhoseWritesWouldCommitApart() {
    WorkflowExtension extension = new WorkflowExtension();
    addActivities(extension, Contradiction.class);
    assertEquals(
        List.of(
            "The activity 'split' ("
                + Contradiction.class.getName()
                + ".split) is transactional, but its @Transactional(REQUIRES_NEW) keeps its writes"
                + " out of the step's transaction; use REQUIRED or MANDATORY"),
        extension.errors());
  }

  @Test
  void registersWorkflowsAndActivitiesWithTheirSettings() throws Exception {
    WorkflowExtension extension = new WorkflowExtension();
    extension.addWorkflow(Etl.class.getAnnotation(Workflow.class), Etl.class);
    addActivities(extension, Activities.class);

    var etl = extension.workflows().get("etl").info();
    assertEquals("3", etl.version());
    assertEquals(300, etl.timeoutSeconds());
    assertEquals(2, etl.retryPolicy().maxRetries());
    assertEquals(Etl.class.getName(), etl.className());

    var fetch = extension.activities().get("fetch_data").info();
    assertEquals(30, fetch.timeoutSeconds());
    assertEquals(5, fetch.retryPolicy().maxRetries());
    assertEquals("fetch", fetch.methodName());
    assertEquals("transform", extension.activities().get("transform").info().name());
    assertEquals(List.of(), extension.errors());
  }

  @Test
  void namesBothClassesOfADuplicateWorkflow() {
    WorkflowExtension extension = new WorkflowExtension();
    extension.addWorkflow(Etl.class.getAnnotation(Workflow.class), Etl.class);
    extension.addWorkflow(OtherEtl.class.getAnnotation(Workflow.class), OtherEtl.class);
    assertEquals(
        List.of(
            "Two workflows are named 'etl': "
                + Etl.class.getName()
                + " and "
                + OtherEtl.class.getName()),
        extension.errors());
  }

  @Test
  void namesBothMethodsOfADuplicateActivity() throws Exception {
    WorkflowExtension extension = new WorkflowExtension();
    addActivities(extension, Activities.class);
    Method again = MoreActivities.class.getMethod("fetchAgain", String.class);
    extension.addActivity(again.getAnnotation(Activity.class), again);
    String error = extension.errors().get(0);
    assertTrue(error.startsWith("Two activities are named 'fetch_data': "), error);
    assertTrue(error.contains(Activities.class.getName() + ".fetch"), error);
    assertTrue(error.contains(MoreActivities.class.getName() + ".fetchAgain"), error);
  }

  @Test
  void rejectsAWorkflowThatIsNotADefinitionAndAnInvalidPolicy() throws Exception {
    WorkflowExtension extension = new WorkflowExtension();
    extension.addWorkflow(NotADefinition.class.getAnnotation(Workflow.class), NotADefinition.class);
    Method bad = MoreActivities.class.getMethod("badPolicy");
    extension.addActivity(bad.getAnnotation(Activity.class), bad);
    assertEquals(2, extension.errors().size());
    assertTrue(extension.errors().get(0).contains("must implement"), extension.errors().get(0));
    assertTrue(extension.errors().get(1).contains("backoffMultiplier"), extension.errors().get(1));
  }

  private static void addActivities(WorkflowExtension extension, Class<?> type) {
    for (Method m : type.getDeclaredMethods()) {
      Activity activity = m.getAnnotation(Activity.class);
      if (activity != null) {
        extension.addActivity(activity, m);
      }
    }
  }
}
