package io.tinyworkflow.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A suite that starts Liberty servers of its own as processes (crash, outage, two servers, CLI). It
 * runs beside the suites of the Arquillian test server, which run one after the other in the main
 * thread, and after the other suites of its kind: one at a time (two would slow each other past the
 * margins of their timing), each on the database that {@link ServerDatabases} gives it. Parallel
 * execution is switched on for the integration tests only (failsafe's configuration parameters);
 * every other class runs in the same thread.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("tinyworkflow-server-processes")
public @interface ServerSuite {}
