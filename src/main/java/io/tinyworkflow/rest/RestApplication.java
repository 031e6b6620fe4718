package io.tinyworkflow.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The REST API, under {@code /api}, with the guide's routes and JSON field names. Its OpenAPI
 * document is served at {@code /openapi}, with a browsable UI at {@code /openapi/ui}.
 */
@ApplicationPath("/api")
@OpenAPIDefinition(
    info =
        @Info(
            title = "TinyWorkflow",
            version = "0.1.0",
            description =
                "Start, watch, cancel, approve, signal and schedule durable workflow runs. Errors"
                    + " are JSON {\"error\": message, \"status\": code}: 400 bad input, 404"
                    + " unknown run, workflow or schedule, 409 wrong state, 413 body too large."))
public class RestApplication extends Application {}
