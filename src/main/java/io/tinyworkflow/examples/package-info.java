/** The example workflows of the guide, deployed with the application. */
package io.tinyworkflow.examples;
