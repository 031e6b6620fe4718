/**
 * The failures the API throws: one small hierarchy under {@link
 * io.tinyworkflow.api.failure.WorkflowException}.
 */
package io.tinyworkflow.api.failure;
