/** The REST API: JAX-RS resources, their JSON records and the one exception mapper. */
package io.tinyworkflow.rest;
