package io.tinyworkflow.persistence;

import java.io.Serializable;
import java.util.Objects;

/** The primary key of {@link StepEntity}: run id, step number and run attempt. */
public class StepId implements Serializable {

  private static final long serialVersionUID = 1L;

  private String runId;
  private int stepNumber;
  private int runAttempt;

  /** For JPA. */
  public StepId() {}

  /**
   * Creates a key.
   *
   * @param runId the run id
   * @param stepNumber the step number
   * @param runAttempt the run attempt
   */
  public StepId(String runId, int stepNumber, int runAttempt) {
    this.runId = runId;
    this.stepNumber = stepNumber;
    this.runAttempt = runAttempt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepId other
        && stepNumber == other.stepNumber
        && runAttempt == other.runAttempt
        && Objects.equals(runId, other.runId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(runId, stepNumber, runAttempt);
  }
}
