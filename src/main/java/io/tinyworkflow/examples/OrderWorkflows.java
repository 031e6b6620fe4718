package io.tinyworkflow.examples;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The waits the guide's examples do not show, in one order: {@code order_fulfillment} publishes its
 * stage, waits for the {@code payment_received} signal, sleeps until the warehouse's cut-off and
 * ships the order in a child workflow, {@code ship_order}. The activities are stand-ins.
 */
public final class OrderWorkflows {

  private OrderWorkflows() {}

  /** The orders' activities. */
  @ApplicationScoped
  public static class OrderActivities {

    /**
     * Records an order's payment.
     *
     * @param orderId the order
     * @param amount what was paid
     * @return the receipt
     */
    @Activity(name = "record_payment")
    public Map<String, Object> recordPayment(String orderId, Object amount) {
      return Map.of("receipt_id", "receipt-" + orderId, "amount", amount);
    }

    /**
     * Books a courier for an order.
     *
     * @param orderId the order
     * @return the shipment
     */
    @Activity(name = "book_courier")
    public Map<String, Object> bookCourier(String orderId) {
      return Map.of("tracking_id", "track-" + orderId, "carrier", "Acme Parcel");
    }
  }

  /**
   * An order, {@code {"order_id": "A-1", "ship_after_seconds": 5}}: sets the search attribute
   * {@code order_id}, publishes {@code stage} as it goes, waits up to 10 minutes for the {@code
   * payment_received} signal (its payload is the payment, such as {@code {"amount": 120}}), sleeps
   * {@code ship_after_seconds} and ships the order with the child workflow {@code ship_order}.
   */
  @Workflow(name = "order_fulfillment")
  public static class OrderFulfillment implements WorkflowDefinition {
    @Inject OrderActivities orders;

    @Override
    public Object run(WorkflowContext ctx) {
      String orderId = String.valueOf(ctx.getInput("order_id", "A-1"));
      long shipAfter = ((Number) ctx.getInput("ship_after_seconds", 5)).longValue();
      ctx.setAttribute(
          "order_id", orderId); // find it with: tinyworkflow list --attribute order_id=A-1
      ctx.publish("stage", "awaiting_payment");
      Map<?, ?> payment = ctx.awaitSignal("payment_received", Map.class, Duration.ofMinutes(10));
      Map<String, Object> receipt = orders.recordPayment(orderId, payment.get("amount"));
      ctx.publish("stage", "paid");
      ctx.sleep(Duration.ofSeconds(shipAfter));
      ctx.publish("stage", "shipping");
      Map<?, ?> shipment =
          ctx.executeChildWorkflow("ship_order", Map.of("order_id", orderId), Map.class);
      ctx.publish("stage", "shipped");
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("order_id", orderId);
      result.put("status", "shipped");
      result.put("receipt", receipt);
      result.put("shipment", shipment);
      return result;
    }
  }

  /** Ships an order, {@code {"order_id": "A-1"}}: books a courier. */
  @Workflow(name = "ship_order")
  public static class ShipOrder implements WorkflowDefinition {
    @Inject OrderActivities orders;

    @Override
    public Object run(WorkflowContext ctx) {
      return orders.bookCourier(String.valueOf(ctx.getInput("order_id", "A-1")));
    }
  }
}
