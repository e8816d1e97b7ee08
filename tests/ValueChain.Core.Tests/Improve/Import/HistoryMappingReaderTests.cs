using ValueChain.Core.Tests.ValueStreams;
using ValueChain.Engage;
using ValueChain.Improve.Import;
using ValueChain.Improve.Mining;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Core.Tests.Improve.Import;

public sealed class HistoryMappingReaderTests
{
    private static readonly ValueStreamDefinition RestoreService =
        ValueStreamReader.Read(File.ReadAllText(Path.Combine(RepositoryFolder.ValueStreams, "restore-service.yaml"))).Definition!;

    private static HistoryMapping Valid(string yaml)
    {
        var read = HistoryMappingReader.Read(yaml);
        Assert.True(read.IsValid, string.Join("; ", read.Errors));
        return read.Mapping!;
    }

    private static IReadOnlyList<DefinitionError> Invalid(string yaml)
    {
        var read = HistoryMappingReader.Read(yaml);
        Assert.False(read.IsValid);
        return read.Errors;
    }

    [Theory]
    [InlineData("servicenow.yaml")]
    [InlineData("helpdesk.yaml")]
    public void The_bundled_mappings_are_valid_for_the_stream_they_name(string file)
    {
        var mapping = Valid(File.ReadAllText(Path.Combine(RepositoryFolder.Root, "imports", file)));

        Assert.Equal("restore-service", mapping.ValueStream);
        Assert.Empty(mapping.Check(RestoreService));
    }

    [Fact]
    public void The_servicenow_mapping_reads_every_form_of_rule()
    {
        var mapping = Valid(File.ReadAllText(Path.Combine(RepositoryFolder.Root, "imports", "servicenow.yaml")));

        Assert.Equal(new ActivityRule("Awaiting Vendor", HistoryAction.Wait, "diagnose-and-restore", WaitReason.Supplier, mapping.Rule("Awaiting Vendor")!.Location),
            mapping.Rule("Awaiting Vendor"));
        Assert.Equal((HistoryAction?)HistoryAction.Enter, mapping.Rule("New")!.Action);
        Assert.Equal((HistoryAction?)HistoryAction.Value, mapping.Rule("Closed")!.Action);
        Assert.Null(mapping.Rule("Closed")!.StepKey);
        Assert.True(mapping.Rule("-100")!.Ignored);
        Assert.Null(mapping.Rule("Cancelled"));
        Assert.Equal(["priority", "caller_id"], mapping.Attributes);
        Assert.Equal(UnmappedActivities.Reject, mapping.Unmapped);
    }

    [Fact]
    public void Title_priority_and_requester_come_from_the_first_event()
    {
        var mapping = Valid("""
            value-stream: restore-service
            title: "{case}: {attr:category} for {attr:caller}"
            priority: { attribute: priority, values: { "1 - Critical": critical } }
            requester: { attribute: caller }
            service: email
            activities: { New: { step: log-and-triage } }
            """);
        var first = new LogEvent("INC1", "New", DateTimeOffset.UnixEpoch, null,
            [new("category", "Printing"), new("caller", "Ann"), new("priority", "1 - Critical")]);
        var other = new LogEvent("INC2", "New", DateTimeOffset.UnixEpoch, null, [new("priority", "9 - Whatever")]);

        Assert.Equal("INC1: Printing for Ann", mapping.Title(first));
        Assert.Equal(Priority.Critical, mapping.PriorityFor(first));
        Assert.Equal(Priority.Medium, mapping.PriorityFor(other));
        Assert.Equal("Ann", mapping.Requester!.ValueFor(first));
        Assert.Null(mapping.Requester.ValueFor(other));
        Assert.Equal("email", mapping.Service!.ValueFor(other));
        Assert.Equal("INC2:  for", mapping.Title(other));
        Assert.Equal("incident", mapping.DemandTypeFor(RestoreService));
    }

    [Fact]
    public void A_long_title_is_cut_to_what_a_work_item_keeps()
    {
        var mapping = Valid("value-stream: s\ntitle: \"{attr:text}\"\nactivities: { a: value }\n");

        var title = mapping.Title(new LogEvent("C", "a", DateTimeOffset.UnixEpoch, null, [new("text", new string('x', 500))]));

        Assert.Equal(HistoryMapping.MaxTitleLength, title.Length);
    }

    [Fact]
    public void Errors_name_the_line_and_say_what_is_allowed()
    {
        var errors = Invalid("""
            value-stream: restore-service
            title: "{case} {number}"
            unmapped: skip
            activities:
              New: { step: log-and-triage, action: begin }
              Waiting: { step: diagnose-and-restore, action: wait }
              Parked: { step: diagnose-and-restore, action: wait, reason: lunch }
              Closed: { step: confirm-with-user, action: cancel }
              Other: done
            """);

        Assert.Collection(errors,
            e => (e.Location.Line, e.Path, e.Message.Contains("{number}", StringComparison.Ordinal)).ShouldBe((2, "title", true)),
            e => (e.Location.Line, e.Path, e.Message.Contains("reject", StringComparison.Ordinal)).ShouldBe((3, "unmapped", true)),
            e => (e.Location.Line, e.Path, e.Message.Contains("enter, start, wait", StringComparison.Ordinal)).ShouldBe((5, "activities.New.action", true)),
            e => (e.Location.Line, e.Path, e.Message.Contains("customer, supplier", StringComparison.Ordinal)).ShouldBe((6, "activities.Waiting.reason", true)),
            e => (e.Location.Line, e.Path, e.Message.Contains("lunch", StringComparison.Ordinal)).ShouldBe((7, "activities.Parked.reason", true)),
            e => (e.Location.Line, e.Path).ShouldBe((8, "activities.Closed.step")),
            e => (e.Location.Line, e.Path).ShouldBe((9, "activities.Other")));
    }

    [Fact]
    public void A_mapping_without_a_stream_or_activities_says_what_is_missing()
    {
        var errors = Invalid("demand-type: incident\n");

        Assert.Equal(["activities", "value-stream"], errors.Select(e => e.Path).Order());
    }

    [Fact]
    public void Checking_against_the_stream_finds_unknown_steps_and_demand_it_does_not_serve()
    {
        var mapping = Valid("""
            value-stream: restore-service
            demand-type: service-request
            activities:
              New: { step: log-and-triage }
              Active: { step: fix-it, action: start }
            """);

        var errors = mapping.Check(RestoreService);

        Assert.Equal([(2, "demand-type"), (5, "activities.Active.step")], errors.Select(e => (e.Location.Line, e.Path)));
        Assert.Contains("diagnose-and-restore", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_yaml_is_an_error_not_an_exception()
    {
        var error = Assert.Single(Invalid("value-stream: [restore\nactivities: {"));

        Assert.StartsWith("Not valid YAML", error.Message, StringComparison.Ordinal);
    }
}
