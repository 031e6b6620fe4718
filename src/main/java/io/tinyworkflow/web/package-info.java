/**
 * The pages: Jakarta Faces views with PrimeFaces, on the client API ({@code WorkflowClient}),
 * signed in with the roles of {@code io.tinyworkflow.security}. One backing bean per page, named
 * after it.
 */
package io.tinyworkflow.web;
