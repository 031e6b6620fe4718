package io.tinyworkflow.testing;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Retry;
import io.tinyworkflow.api.Workflow;
import io.tinyworkflow.api.WorkflowContext;
import io.tinyworkflow.api.WorkflowDefinition;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Activities that write a business table, {@code tx_ledger}, in the engine's database, as a payment
 * or booking step of an application does; and the workflows that call them.
 */
public final class TransactionalWorkflows {

  /** The business table: one row per booked entry. */
  public static final String LEDGER_TABLE =
      "CREATE TABLE IF NOT EXISTS tx_ledger (ledger_key VARCHAR(100) NOT NULL,"
          + " entry VARCHAR(100) NOT NULL)";

  private TransactionalWorkflows() {}

  /** Books ledger entries: each activity inserts one row, then may fail after the insert. */
  @ApplicationScoped
  public static class Ledger {
    @Resource(lookup = "jdbc/tinyworkflow")
    DataSource dataSource;

    @Inject Counters counters;

    /**
     * Inserts a row, in the step's transaction; the first {@code failures} attempts fail after the
     * insert.
     *
     * @param key the ledger key
     * @param entry the entry
     * @param failures how many attempts fail after their insert
     * @return the entry
     */
    @Activity(
        name = "ledger_book",
        transactional = true,
        retry = @Retry(maxRetries = 2, initialDelay = 0.05, jitter = false))
    public String book(String key, String entry, int failures) {
      return insertThenMaybeFail("ledger_book", key, entry, failures);
    }

    /**
     * As {@link #book}, made transactional by its {@code @Transactional} alone.
     *
     * @param key the ledger key
     * @param entry the entry
     * @param failures how many attempts fail after their insert
     * @return the entry
     */
    @Activity(
        name = "ledger_book_joined",
        retry = @Retry(maxRetries = 2, initialDelay = 0.05, jitter = false))
    @Transactional
    public String bookJoined(String key, String entry, int failures) {
      return insertThenMaybeFail("ledger_book_joined", key, entry, failures);
    }

    /**
     * As {@link #book}, not transactional: each attempt's insert commits on its own.
     *
     * @param key the ledger key
     * @param entry the entry
     * @param failures how many attempts fail after their insert
     * @return the entry
     */
    @Activity(
        name = "ledger_book_plain",
        retry = @Retry(maxRetries = 2, initialDelay = 0.05, jitter = false))
    public String bookPlain(String key, String entry, int failures) {
      return insertThenMaybeFail("ledger_book_plain", key, entry, failures);
    }

    /**
     * Inserts a row, then takes 2.5 s of its 1 s, deaf to the interrupt its timeout sends.
     *
     * @param key the ledger key
     * @param entry the entry
     * @param failures unused
     * @return the entry, too late
     */
    @Activity(
        name = "ledger_book_slow",
        transactional = true,
        timeoutSeconds = 1,
        retry = @Retry(maxRetries = 0))
    public String bookSlow(String key, String entry, int failures) {
      insert(key, entry);
      long until = System.nanoTime() + 2_500_000_000L;
      while (System.nanoTime() < until) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          // deaf to it, as code that swallows interrupts is
        }
      }
      counters.increment(key + ":ledger_book_slow:returned");
      return entry;
    }

    /**
     * Inserts a row, appends "inserted" to a file, and returns once the file {@code gate} exists
     * (within 100 s): a test kills the server in between.
     *
     * @param key the ledger key
     * @param file the file that counts the inserts
     * @param gate the file that lets the activity end
     * @return the key
     * @throws InterruptedException when the server stops
     */
    @Activity(name = "ledger_at_gate", transactional = true, retry = @Retry(maxRetries = 0))
    public String bookAtGate(String key, String file, String gate) throws InterruptedException {
      insert(key, "gate");
      try {
        Files.writeString(
            Path.of(file),
            "inserted\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.SYNC);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (int i = 0; i < 1000 && !Files.exists(Path.of(gate)); i++) {
        Thread.sleep(100);
      }
      return key;
    }

    /**
     * Creates the ledger table when it is missing.
     *
     * @throws SQLException when it cannot
     */
    public void createTable() throws SQLException {
      try (Connection c = dataSource.getConnection();
          Statement s = c.createStatement()) {
        s.execute(LEDGER_TABLE);
      }
    }

    /**
     * Counts the committed rows of a key.
     *
     * @param key the ledger key
     * @return how many
     * @throws SQLException when the table cannot be read
     */
    public int rows(String key) throws SQLException {
      try (Connection c = dataSource.getConnection();
          PreparedStatement s =
              c.prepareStatement("SELECT COUNT(*) FROM tx_ledger WHERE ledger_key = ?")) {
        s.setString(1, key);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return r.getInt(1);
        }
      }
    }

    private String insertThenMaybeFail(String activity, String key, String entry, int failures) {
      insert(key, entry);
      int attempt = counters.increment(key + ":" + activity);
      if (attempt <= failures) {
        throw new IllegalStateException("attempt " + attempt + " fails after its insert");
      }
      return entry;
    }

    private void insert(String key, String entry) {
      try (Connection c = dataSource.getConnection();
          PreparedStatement s =
              c.prepareStatement("INSERT INTO tx_ledger (ledger_key, entry) VALUES (?, ?)")) {
        s.setString(1, key);
        s.setString(2, entry);
        s.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot book " + entry + " for " + key, e);
      }
    }
  }

  /**
   * Books one entry with the activity that the input's "activity" names ({@code ledger_book} by
   * default), whose first "failures" attempts fail after their insert. Returns the entry.
   */
  @Workflow(name = "ledger")
  public static class LedgerRun implements WorkflowDefinition {
    @Inject Ledger ledger;

    @Override
    public Object run(WorkflowContext ctx) {
      String key = ctx.getInput("key", String.class);
      int failures = ((Number) ctx.getInput("failures", 0)).intValue();
      return switch (String.valueOf(ctx.getInput("activity", "ledger_book"))) {
        case "ledger_book_joined" -> ledger.bookJoined(key, "joined", failures);
        case "ledger_book_plain" -> ledger.bookPlain(key, "plain", failures);
        case "ledger_book_slow" -> ledger.bookSlow(key, "slow", failures);
        default -> ledger.book(key, "booked", failures);
      };
    }
  }

  /**
   * Books the entry "gate" for the input's "key" with {@code ledger_at_gate} (input "file" and
   * "gate"), then returns the key.
   */
  @Workflow(name = "ledger_at_gate")
  public static class LedgerAtGate implements WorkflowDefinition {
    @Inject Ledger ledger;

    @Override
    public Object run(WorkflowContext ctx) throws Exception {
      return ledger.bookAtGate(
          ctx.getInput("key", String.class),
          ctx.getInput("file", String.class),
          ctx.getInput("gate", String.class));
    }
  }
}
