/**
 * What users import: workflow and activity annotations, the workflow context and client, retry
 * policies, statuses and failures. This package imports nothing internal.
 */
package io.tinyworkflow.api;
