package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class WebhooksTest {

  @Test
  void signsWithHmacSha256InHex() {
    // RFC 4231, test case 2
    assertEquals(
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        Webhooks.sign("Jefe", "what do ya want for nothing?"));
  }

  @Test
  void aSubscriptionIsTheSameOnEveryServerAndDiffersPerWorkflowAndUrl() {
    String id = Webhooks.subscriptionId("orders", "https://erp.example.com/hook");
    assertEquals(64, id.length());
    assertEquals(id, Webhooks.subscriptionId("orders", "https://erp.example.com/hook"));
    assertNotEquals(id, Webhooks.subscriptionId("orders", "https://erp.example.com/hook2"));
    assertNotEquals(id, Webhooks.subscriptionId("billing", "https://erp.example.com/hook"));
  }
}
