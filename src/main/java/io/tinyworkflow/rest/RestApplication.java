package io.tinyworkflow.rest;

import io.tinyworkflow.security.Roles;
import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST API, under {@code /api}, with the guide's routes and JSON field names. Its OpenAPI
 * document is served at {@code /openapi}, with a browsable UI at {@code /openapi/ui}.
 */
@ApplicationPath("/api")
@DeclareRoles({Roles.VIEWER, Roles.OPERATOR, Roles.APPROVER, Roles.ADMIN})
@SecurityScheme(
    securitySchemeName = "basic",
    type = SecuritySchemeType.HTTP,
    scheme = "basic",
    description = "A user of the server's registry, or its own admin (see the README)")
@OpenAPIDefinition(
    security = @SecurityRequirement(name = "basic"),
    info =
        @Info(
            title = "TinyWorkflow",
            version = "0.1.0",
            description =
                "Start, watch, cancel, approve, signal and schedule durable workflow runs. Errors"
                    + " are JSON {\"error\": message, \"status\": code}: 400 bad input, 401 not signed in (HTTP Basic), 403 no role for it, 404"
                    + " unknown run, workflow or schedule, 409 wrong state, 413 body too large."))
public class RestApplication extends Application {}
