/**
 * The run lifecycle: dispatch, replay of the step journal, leases, retries and the transaction
 * boundaries of every state change.
 */
package io.tinyworkflow.engine;
