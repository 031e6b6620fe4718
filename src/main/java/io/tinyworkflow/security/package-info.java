/**
 * Who may do what: the four roles, the server's own admin user with a password that differs on
 * every install, and the authentication of every request to the REST API (HTTP Basic against that
 * admin or the server's user registry, basicRegistry or LDAP).
 */
package io.tinyworkflow.security;
