/** EJB timers: cron schedules, delayed starts, durable timers and deadlines. */
package io.tinyworkflow.scheduling;
