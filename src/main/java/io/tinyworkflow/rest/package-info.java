/**
 * The REST API: JAX-RS resources, the JSON records they read ({@link
 * io.tinyworkflow.rest.Requests}, checked with Bean Validation) and answer ({@link
 * io.tinyworkflow.rest.Views}), and the exception mapper that turns every failure into the API's
 * JSON error ({@link io.tinyworkflow.rest.ErrorMapper}, with {@link
 * io.tinyworkflow.rest.ValidationErrors} for Bean Validation's refusals).
 */
package io.tinyworkflow.rest;
