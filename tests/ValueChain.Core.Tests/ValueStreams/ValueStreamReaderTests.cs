using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams;

namespace ValueChain.Core.Tests.ValueStreams;

public sealed class ValueStreamReaderTests
{
    private const string RestoreYaml = """
        # A comment is fine anywhere.
        key: restore
        name: Restore a service
        description: Bring it back.
        demand: [incident]
        steps:
          - key: log
            name: Log the incident
            activity: engage
            practices: [service-desk, incident-management]
            team: service-desk
            target: 15m
            produces: [user-support-tasks]
            next: [fix]
          - key: fix
            name: Diagnose and restore
            description: Resolvers restore the service.
            activity: deliver-support
            practices: [incident-management]
            team: infrastructure
            target: 1d4h
            consumes: [user-support-tasks]
            produces: [support-task-completion, performance-information]
            next: [confirm, wait-for-supplier]
          - key: wait-for-supplier
            activity: engage
            practices: supplier-management
            target: PT8H
            next: fix
          - key: confirm
            name: Confirm with the user
            activity: engage
            practices: [service-desk]
            consumes: [support-task-completion]
            next: [value, fix]
        value:
          outcome: The user works again.
          confirmed-by: customer
        """;

    [Fact]
    public void Read_valid_stream_returns_the_definition_with_branches_loops_and_targets()
    {
        var result = ValueStreamReader.Read(RestoreYaml);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Empty(result.Errors);
        var stream = result.Definition!;
        Assert.Equal("restore", stream.Key);
        Assert.Equal("Restore a service", stream.Name);
        Assert.Equal("Bring it back.", stream.Description);
        Assert.Equal(["incident"], stream.DemandTypes);
        Assert.Equal(["log", "fix", "wait-for-supplier", "confirm"], stream.Steps.Select(s => s.Key));
        Assert.Equal(new ValueDefinition("The user works again.", "customer"), stream.Value);

        var log = stream.Step("log");
        Assert.Equal("Log the incident", log.Name);
        Assert.Equal(ValueChainActivity.Engage, log.Activity);
        Assert.Equal(["service-desk", "incident-management"], log.Practices);
        Assert.Equal("service-desk", log.Team);
        Assert.Equal(TimeSpan.FromMinutes(15), log.Target);
        Assert.Equal(["user-support-tasks"], log.Produces);
        Assert.Empty(log.Consumes);

        var fix = stream.Step("fix");
        Assert.Equal(ValueChainActivity.DeliverAndSupport, fix.Activity);
        Assert.Equal("Resolvers restore the service.", fix.Description);
        Assert.Equal(TimeSpan.FromHours(28), fix.Target);
        Assert.Equal(["user-support-tasks"], fix.Consumes);
        Assert.Equal(["confirm", "wait-for-supplier"], fix.Next);
        Assert.False(fix.LeadsToValue);

        var wait = stream.Step("wait-for-supplier");
        Assert.Equal(TimeSpan.FromHours(8), wait.Target);
        Assert.Equal(["supplier-management"], wait.Practices);
        Assert.Equal(["fix"], wait.Next);
        Assert.Null(wait.Team);

        var confirm = stream.Step("confirm");
        Assert.Equal(["value", "fix"], confirm.Next);
        Assert.True(confirm.LeadsToValue);
        Assert.Null(confirm.Target);

        Assert.Equal(
            [ValueChainActivity.Engage, ValueChainActivity.DeliverAndSupport],
            stream.Activities);
    }

    [Fact]
    public void Read_without_start_starts_at_the_first_step()
    {
        var stream = ValueStreamReader.Read(RestoreYaml).Definition!;

        Assert.Equal("log", stream.StartStepKey);
    }

    [Fact]
    public void Read_with_start_starts_at_the_named_step()
    {
        var stream = ValueStreamReader.Read("""
            key: restore
            name: Restore
            demand: [incident]
            start: fix
            steps:
              - key: confirm
                activity: engage
                practices: [service-desk]
                next: [value]
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [confirm]
            value: Service restored.
            """).Definition;

        Assert.NotNull(stream);
        Assert.Equal("fix", stream.StartStepKey);
    }

    [Fact]
    public void Read_fills_defaults_for_step_name_and_confirmer()
    {
        var stream = ValueStreamReader.Read("""
            key: restore
            name: Restore
            demand: incident
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: value
            value: Service restored.
            """).Definition;

        Assert.NotNull(stream);
        Assert.Equal("fix", stream.Step("fix").Name);
        Assert.Equal(new ValueDefinition("Service restored.", "requester"), stream.Value);
        Assert.Equal(["incident"], stream.DemandTypes);
        Assert.Null(stream.Description);
    }

    [Fact]
    public void Read_accepts_json()
    {
        var result = ValueStreamReader.Read("""
            {
              "key": "fulfil",
              "name": "Fulfil a request",
              "demand": ["service-request"],
              "steps": [
                { "key": "log", "activity": "engage", "practices": ["service-desk"], "produces": ["user-support-tasks"], "next": ["fulfil"] },
                { "key": "fulfil", "activity": "deliver-support", "practices": ["service-request-management"],
                  "target": "2h", "consumes": ["user-support-tasks"], "next": ["value"] }
              ],
              "value": { "outcome": "The requester has it.", "confirmed-by": "requester" }
            }
            """);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        var stream = result.Definition!;
        Assert.Equal("fulfil", stream.Key);
        Assert.Equal(["log", "fulfil"], stream.Steps.Select(s => s.Key));
        Assert.Equal(TimeSpan.FromHours(2), stream.Step("fulfil").Target);
        Assert.Equal(ValueChainActivity.DeliverAndSupport, stream.Step("fulfil").Activity);
    }

    [Fact]
    public void Read_reports_json_errors_with_their_location()
    {
        var result = ValueStreamReader.Read("""
            {
              "key": "fulfil",
              "name": "Fulfil a request",
              "demand": ["service-request"],
              "steps": [
                { "key": "log", "activity": "operate", "practices": ["service-desk"], "next": ["value"] }
              ],
              "value": "The requester has it."
            }
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal("steps[0].activity", error.Path);
        Assert.Equal(new SourceLocation(6, 33), error.Location);
    }

    [Fact]
    public void Read_accepts_windows_line_endings()
    {
        var result = ValueStreamReader.Read(RestoreYaml.ReplaceLineEndings("\r\n"));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(4, result.Definition!.Steps.Count);
    }
}
