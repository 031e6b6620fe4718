package io.tinyworkflow.cli;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tinyworkflow schedules}: lists the cron schedules, and with a subcommand shows, pauses,
 * resumes, updates, deletes one, or previews a cron expression's next fire times.
 */
@Command(
    name = "schedules",
    description = "List the cron schedules, or manage one with a subcommand.")
class ScheduleCommands implements Callable<Integer> {

  @ParentCommand TinyWorkflowCli cli;

  /** The policy options shared by {@code schedule} and {@code schedules update}. */
  static final class Policies {
    @Option(
        names = "--time-zone",
        paramLabel = "ZONE",
        description = "An IANA time zone, like Europe/Paris (default UTC).")
    String timeZone;

    @Option(
        names = "--catch-up",
        paramLabel = "POLICY",
        description = "Missed occurrences after downtime: one (default), skip or each.")
    String catchUp;

    @Option(
        names = "--catch-up-window",
        paramLabel = "SECONDS",
        description = "With --catch-up each: how far back missed occurrences still run.")
    Long catchUpWindow;

    @Option(
        names = "--overlap",
        paramLabel = "POLICY",
        description = "While the previous run is on: skip (default) or allow.")
    String overlap;

    void addTo(JsonObjectBuilder body) {
      if (timeZone != null) {
        body.add("time_zone", timeZone);
      }
      if (catchUp != null) {
        body.add("catch_up", catchUp);
      }
      if (catchUpWindow != null) {
        body.add("catch_up_window_seconds", catchUpWindow);
      }
      if (overlap != null) {
        body.add("overlap", overlap);
      }
    }
  }

  /** {@code tinyworkflow schedule NAME "CRON"}: the guide's command that creates a schedule. */
  @Command(name = "schedule", description = "Schedule a workflow with a cron expression.")
  static final class Create implements Callable<Integer> {

    @ParentCommand TinyWorkflowCli cli;

    @Parameters(index = "0", paramLabel = "NAME", description = "The workflow.")
    String name;

    @Parameters(
        index = "1",
        paramLabel = "CRON",
        description =
            "Five fields (minute hour day-of-month month day-of-week), or six with seconds"
                + " first, like \"0 2 * * *\".")
    String cron;

    @Option(names = "--input", paramLabel = "JSON", description = "The input, a JSON object.")
    String input;

    @Mixin Policies policies;

    @Override
    public Integer call() {
      JsonObjectBuilder body =
          Json.createObjectBuilder()
              .add("workflow_name", name)
              .add("cron_expression", cron)
              .add("input_data", Inputs.object("--input", input));
      policies.addTo(body);
      JsonObject created = cli.api().post("schedules", body.build()).asJsonObject();
      if (cli.json) {
        cli.out().json(created);
      } else {
        // The guide's lines, which scripts read, then when it first fires.
        cli.out().line("Workflow scheduled: " + Output.text(created, "job_id"));
        cli.out().line("Cron: " + cron);
        cli.out()
            .line(
                "Next run: "
                    + Output.time(created.getJsonObject("schedule"), "next_fire_at")
                    + " UTC");
      }
      return 0;
    }
  }

  @Override
  public Integer call() {
    return list();
  }

  @Command(name = "list", description = "List the schedules.")
  int list() {
    return cli.table(
        cli.api().get("schedules").asJsonObject(),
        "schedules",
        List.of(
            "SCHEDULE ID", "WORKFLOW", "CRON", "ZONE", "STATUS", "NEXT RUN (UTC)", "LAST RUN ID"),
        s ->
            List.of(
                Output.text(s, "schedule_id"),
                Output.text(s, "workflow_name"),
                Output.text(s, "cron_expression"),
                Output.text(s, "time_zone"),
                Output.text(s, "status"),
                Output.time(s, "next_fire_at"),
                Output.text(s, "last_run_id")),
        "No schedules.");
  }

  @Command(name = "show", description = "Show a schedule.")
  int show(@Parameters(paramLabel = "SCHEDULE_ID") String id) {
    print(cli, cli.api().get("schedules/" + ApiClient.segment(id)).asJsonObject());
    return 0;
  }

  @Command(name = "pause", description = "Pause a schedule: it starts no runs until resumed.")
  int pause(@Parameters(paramLabel = "SCHEDULE_ID") String id) {
    return change(cli.api().post("schedules/" + ApiClient.segment(id) + "/pause", null), "Paused");
  }

  @Command(name = "resume", description = "Resume a paused schedule from its next occurrence.")
  int resume(@Parameters(paramLabel = "SCHEDULE_ID") String id) {
    return change(
        cli.api().post("schedules/" + ApiClient.segment(id) + "/resume", null), "Resumed");
  }

  @Command(name = "update", description = "Change a schedule; what is not given keeps its value.")
  int update(
      @Parameters(paramLabel = "SCHEDULE_ID") String id,
      @Option(names = "--cron", paramLabel = "CRON", description = "A new cron expression.")
          String cron,
      @Option(names = "--input", paramLabel = "JSON", description = "A new input, a JSON object.")
          String input,
      @Mixin Policies policies) {
    JsonObjectBuilder body = Json.createObjectBuilder();
    if (cron != null) {
      body.add("cron_expression", cron);
    }
    if (input != null) {
      body.add("input_data", Inputs.object("--input", input));
    }
    policies.addTo(body);
    return change(cli.api().put("schedules/" + ApiClient.segment(id), body.build()), "Updated");
  }

  @Command(name = "delete", description = "Delete a schedule. Its runs are kept.")
  int delete(@Parameters(paramLabel = "SCHEDULE_ID") String id) {
    JsonValue deleted = cli.api().delete("schedules/" + ApiClient.segment(id));
    if (cli.json) {
      cli.out().json(deleted);
    } else {
      cli.out().line("Deleted schedule " + id);
    }
    return 0;
  }

  @Command(name = "preview", description = "Show the next fire times of a cron expression.")
  int preview(
      @Parameters(paramLabel = "CRON") String cron,
      @Option(names = "--time-zone", paramLabel = "ZONE", description = "Default UTC.")
          String timeZone,
      @Option(
              names = "--count",
              paramLabel = "N",
              defaultValue = "5",
              description = "How many (1-100, default ${DEFAULT-VALUE}).")
          int count) {
    JsonObject preview =
        cli.api()
            .get(
                "schedules/preview"
                    + ApiClient.query(
                        ApiClient.params(
                            "cron_expression", cron, "time_zone", timeZone, "count", count)))
            .asJsonObject();
    if (cli.json) {
      cli.out().json(preview);
      return 0;
    }
    for (JsonValue time : preview.getJsonArray("next_fire_times")) {
      String text = ((jakarta.json.JsonString) time).getString();
      cli.out().line(text.substring(0, 10) + " " + text.substring(11, 19) + " UTC");
    }
    return 0;
  }

  private int change(JsonValue answer, String verb) {
    if (cli.json) {
      cli.out().json(answer);
    } else {
      JsonObject s = answer.asJsonObject().getJsonObject("schedule");
      String next = Output.time(s, "next_fire_at");
      cli.out()
          .line(
              verb
                  + " schedule "
                  + Output.text(s, "schedule_id")
                  + (next.isEmpty() ? "" : "; next run at " + next + " UTC"));
    }
    return 0;
  }

  static void print(TinyWorkflowCli cli, JsonObject s) {
    if (cli.json) {
      cli.out().json(s);
      return;
    }
    cli.out()
        .fields(
            List.of(
                new String[] {"Schedule", Output.text(s, "schedule_id")},
                new String[] {"Workflow", Output.text(s, "workflow_name")},
                new String[] {"Cron", Output.text(s, "cron_expression")},
                new String[] {"Time zone", Output.text(s, "time_zone")},
                new String[] {"Status", Output.text(s, "status")},
                new String[] {"Catch-up", Output.text(s, "catch_up")},
                new String[] {"Overlap", Output.text(s, "overlap")},
                new String[] {"Next run", Output.utc(s, "next_fire_at")},
                new String[] {"Last run", Output.utc(s, "last_fire_at")},
                new String[] {"Last run id", Output.text(s, "last_run_id")},
                new String[] {"Input", Output.text(s, "input_data")}));
  }
}
