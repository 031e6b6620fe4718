package io.tinyworkflow.security;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles that may call an operation of a bean when a user asks for it through the pages or the
 * API; checked by {@link RoleCheck}. Code of the application itself (a timer, a workflow resumed by
 * the engine) calls without a user and is not checked.
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface RequiresRole {

  /**
   * The roles, any of which allows the call.
   *
   * @return role names of {@link Roles}
   */
  @Nonbinding
  String[] value() default {};

  /**
   * What the operation does, for the refusal's message ("start a run").
   *
   * @return a short verb phrase
   */
  @Nonbinding
  String action() default "do this";
}
