package io.tinyworkflow.persistence;

import java.io.Serializable;
import java.util.Objects;

/** The primary key of {@link StepEntity}: run id and step number. */
public class StepId implements Serializable {

  private static final long serialVersionUID = 1L;

  private String runId;
  private int stepNumber;

  /** For JPA. */
  public StepId() {}

  /**
   * Creates a key.
   *
   * @param runId the run id
   * @param stepNumber the step number
   */
  public StepId(String runId, int stepNumber) {
    this.runId = runId;
    this.stepNumber = stepNumber;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepId other
        && stepNumber == other.stepNumber
        && Objects.equals(runId, other.runId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(runId, stepNumber);
  }
}
