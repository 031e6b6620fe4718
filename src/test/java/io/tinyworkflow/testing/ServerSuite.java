package io.tinyworkflow.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A suite that starts Liberty servers of its own as processes (crash, outage, two servers, CLI). It
 * runs beside the suites of the Arquillian test server, which run one after the other in the main
 * thread, and beside suites of its kind on other databases. Each concrete class takes two locks:
 * its database ({@link #DATABASE}), since the servers of two suites on one database would claim
 * each other's runs, and its servers ({@link #SERVERS}), since a suite's servers have fixed names,
 * ports and folders. Parallel execution is switched on for the integration tests only (failsafe's
 * configuration parameters); every other class runs in the same thread.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Execution(ExecutionMode.CONCURRENT)
public @interface ServerSuite {

  /** The prefix of the lock of a database ({@code sqlite}, {@code postgres}, {@code mariadb}). */
  String DATABASE = "tinyworkflow-database-";

  /**
   * The prefix of the lock of a Liberty server of the suites ({@code crashServer}, {@code cli}).
   */
  String SERVERS = "tinyworkflow-servers-";
}
