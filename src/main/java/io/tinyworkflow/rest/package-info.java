/**
 * The REST API: JAX-RS resources, their JSON records ({@link io.tinyworkflow.rest.Views}) and the
 * one exception mapper.
 */
package io.tinyworkflow.rest;
