package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.QueueInfo;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueuesTest {

  @Test
  void twoWorkflowsShareTheLimitsEitherDeclares() {
    QueueInfo merged = Queues.merge(new QueueInfo("erp", 5, 0, 0), new QueueInfo("erp", 0, 2, 10));
    assertEquals(new QueueInfo("erp", 5, 2, 10), merged);
    assertTrue(merged.limited());
    assertFalse(new QueueInfo("own", 0, 0, 0).limited());
  }

  @Test
  void aLimitDeclaredTwiceWithTwoValuesIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Queues.merge(new QueueInfo("erp", 5, 0, 0), new QueueInfo("erp", 3, 0, 0)));
    assertTrue(
        e.getMessage().contains("concurrency for the queue 'erp' (5 and 3)"), e.getMessage());
  }

  @Test
  void theConfigurationOverridesAndLiftsDeclaredLimits() {
    Map<String, String> config =
        Map.of(
            "tinyworkflow.queue.erp.concurrency", "0",
            "tinyworkflow.queue.erp.concurrency-per-server", " 3 ",
            "tinyworkflow.queue.erp.starts-per-second", "2.5");
    QueueInfo q =
        Queues.applyFrom(new QueueInfo("erp", 5, 0, 0), k -> Optional.ofNullable(config.get(k)));
    assertEquals(new QueueInfo("erp", 0, 3, 2.5), q);
  }

  @Test
  void aConfiguredValueThatIsNoLimitNamesTheSetting() {
    for (String bad : new String[] {"-1", "five", "2.5"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  Queues.applyFrom(
                      new QueueInfo("erp", 0, 0, 0),
                      k -> Optional.ofNullable(k.endsWith(".concurrency") ? bad : null)));
      assertTrue(
          e.getMessage().contains("tinyworkflow.queue.erp.concurrency is '" + bad + "'"),
          e.getMessage());
    }
  }
}
