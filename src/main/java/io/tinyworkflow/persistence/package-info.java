/**
 * Storage: one owner class per table, holding all of its SQL and JPQL ({@link
 * io.tinyworkflow.persistence.RunTable} for {@code workflow_runs}, {@link
 * io.tinyworkflow.persistence.StepJournal} for {@code workflow_steps}, {@link
 * io.tinyworkflow.persistence.EventLog} for {@code workflow_events}, {@link
 * io.tinyworkflow.persistence.WaitStore}, {@link io.tinyworkflow.persistence.SignalStore}, {@link
 * io.tinyworkflow.persistence.PublishedStateStore}, {@link
 * io.tinyworkflow.persistence.ScheduleStore}); the records they hand out ({@link
 * io.tinyworkflow.persistence.RunRecord}, {@link io.tinyworkflow.persistence.JournalEntry}, {@link
 * io.tinyworkflow.persistence.EventRecord}); the JPA entities behind them, which no other package
 * sees; the schema migrator (Liquibase, at start-up) and the database readiness check. The only
 * package that imports {@code jakarta.persistence}.
 */
package io.tinyworkflow.persistence;
