package io.tinyworkflow.examples;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A saga: {@code trip_booking} reserves a hotel, charges the card and books the flight. When a step
 * fails for good (there is no flight to {@code Atlantis}), or the run is rejected or cancelled
 * while it waits for approval, what was done is undone in reverse order: the card is refunded, then
 * the hotel reservation cancelled. The hotel declares its compensation on the activity; the refund
 * is registered by the workflow with {@code ctx.onFailure}. The activities are stand-ins.
 */
public final class TripWorkflows {

  private TripWorkflows() {}

  /** The travel agency's activities. */
  @ApplicationScoped
  public static class TravelActivities {

    /**
     * Reserves a hotel room; cancelled by {@code cancel_hotel} when the trip is undone.
     *
     * @param tripId the trip
     * @param destination where to
     * @return the reservation id
     */
    @Activity(name = "reserve_hotel", compensation = "cancel_hotel")
    public String reserveHotel(String tripId, String destination) {
      return "hotel-" + tripId;
    }

    /**
     * Cancels a hotel reservation: called with the arguments of {@link #reserveHotel}.
     *
     * @param tripId the trip
     * @param destination where to
     */
    @Activity(name = "cancel_hotel")
    public void cancelHotel(String tripId, String destination) {
      // a stand-in: a real agency calls the hotel's API here
    }

    /**
     * Charges the traveller's card.
     *
     * @param tripId the trip
     * @param amount the price
     * @return the charge, with its {@code charge_id}
     */
    @Activity(name = "charge_card")
    public Map<String, Object> chargeCard(String tripId, Number amount) {
      return Map.of("charge_id", "charge-" + tripId, "amount", amount);
    }

    /**
     * Refunds a charge.
     *
     * @param chargeId the charge
     */
    @Activity(name = "refund_card")
    public void refundCard(String chargeId) {
      // a stand-in: a real agency calls the payment provider here
    }

    /**
     * Books the flight; there is none to {@code Atlantis}.
     *
     * @param tripId the trip
     * @param destination where to
     * @return the booking reference
     */
    @Activity(
        name = "book_flight",
        retry = @Retry(maxRetries = 2, initialDelay = 0.2, jitter = false))
    public String bookFlight(String tripId, String destination) {
      if ("Atlantis".equalsIgnoreCase(destination)) {
        throw new IllegalStateException("No flight goes to " + destination);
      }
      return "flight-" + tripId;
    }
  }

  /**
   * A trip, {@code {"trip_id": "T-1", "destination": "Lisbon", "amount": 420}}; with {@code
   * "needs_approval": true} it waits for the approval {@code trip_<trip_id>} after the charge.
   */
  @Workflow(name = "trip_booking")
  public static class TripBooking implements WorkflowDefinition {
    @Inject TravelActivities travel;

    @Override
    public Object run(WorkflowContext ctx) {
      String tripId = String.valueOf(ctx.getInput("trip_id", "T-1"));
      String destination = String.valueOf(ctx.getInput("destination", "Lisbon"));
      Number amount = (Number) ctx.getInput("amount", 420);
      String hotel = travel.reserveHotel(tripId, destination);
      Map<String, Object> charge = travel.chargeCard(tripId, amount);
      String chargeId = String.valueOf(charge.get("charge_id"));
      ctx.onFailure("refund_card", () -> travel.refundCard(chargeId));
      if (Boolean.TRUE.equals(ctx.getInput("needs_approval", false))
          && !ctx.waitForApproval("trip_" + tripId, Duration.ofDays(1))) {
        throw new IllegalStateException("The trip " + tripId + " was not approved");
      }
      String flight = travel.bookFlight(tripId, destination);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("trip_id", tripId);
      result.put("hotel", hotel);
      result.put("charge", charge);
      result.put("flight", flight);
      return result;
    }
  }
}
