package io.tinyworkflow.cli;

import org.junit.jupiter.api.Test;

/**
 * The CLI walk on SQLite, named in the guide's form (an absolute path: four slashes): every command
 * against a server of its own. The commands speak to the server's API only, so the walk runs on one
 * database; on PostgreSQL and MariaDB the CLI starts the server and a worker there.
 */
class SqliteCliIT extends CliSuite {

  @Test
  @Override
  protected void theCliSignsInOrSaysHowTo() throws Exception {
    super.theCliSignsInOrSaysHowTo();
  }

  @Test
  @Override
  protected void workflowsStartWaitStatusListAndEvents() throws Exception {
    super.workflowsStartWaitStatusListAndEvents();
  }

  @Test
  @Override
  protected void anImportedWorkflowRuns() throws Exception {
    super.anImportedWorkflowRuns();
  }

  @Test
  @Override
  protected void theGuidesCommandsWorkAsWrittenAndPrintTheGuidesLines() throws Exception {
    super.theGuidesCommandsWorkAsWrittenAndPrintTheGuidesLines();
  }

  @Test
  @Override
  protected void approvalsApproveRejectAndCancel() throws Exception {
    super.approvalsApproveRejectAndCancel();
  }

  @Test
  @Override
  protected void schedulesAndDelayedStarts() throws Exception {
    super.schedulesAndDelayedStarts();
  }

  @Override
  protected String databaseUrl() {
    return "sqlite+aiosqlite:///" + work.resolve("tinyworkflow.db");
  }

  @Override
  protected String jdbcUrl() {
    return "jdbc:sqlite:" + work.resolve("tinyworkflow.db");
  }
}
