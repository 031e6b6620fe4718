package io.tinyworkflow.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Runs a test class only when TINYWORKFLOW_TEST_MYSQL_URL names a MySQL or MariaDB database. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfEnvironmentVariable(
    named = "TINYWORKFLOW_TEST_MYSQL_URL",
    matches = ".+",
    disabledReason = "TINYWORKFLOW_TEST_MYSQL_URL is not set: the MySQL/MariaDB suite is skipped")
public @interface RequiresMysql {}
