package io.tinyworkflow.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API, under {@code /api}, with the guide's routes and JSON field names. */
@ApplicationPath("/api")
public class RestApplication extends Application {}
