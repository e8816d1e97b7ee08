using ValueChain.ValueStreams;

namespace ValueChain.Core.Tests.ValueStreams;

/// <summary>
/// One test per rule the reader enforces. Each asserts where the error points (line, column, path), because a
/// located error is what lets an author fix a file without guessing.
/// </summary>
public sealed class ValueStreamReaderValidationTests
{
    [Fact]
    public void Missing_key_is_reported_at_the_root()
    {
        var error = SingleError("""
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 1, 1, "key");
        Assert.Contains("needs a key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_that_is_not_kebab_case_is_reported_at_the_key_value()
    {
        var error = SingleError("""
            key: Restore_Service
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 1, 6, "key");
        Assert.Contains("'Restore_Service'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_name_is_reported_at_the_root()
    {
        var error = SingleError("""
            key: restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 1, 1, "name");
    }

    [Fact]
    public void Missing_demand_is_reported_at_the_root()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 1, 1, "demand");
        Assert.Contains("incident", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_demand_list_is_reported_at_the_list()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: []
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 3, 9, "demand");
    }

    [Fact]
    public void Unknown_demand_type_is_reported_at_the_item()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident, outage]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 3, 20, "demand[1]");
        Assert.Contains("'outage'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_root_field_is_reported_at_the_field_name()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            owner: someone
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 3, 1, "owner");
        Assert.Contains("Unknown field 'owner'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_step_field_is_reported_with_the_step_path()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                owner: someone
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 7, 5, "steps[0].owner");
    }

    [Fact]
    public void Duplicate_root_field_is_reported_at_the_second_occurrence()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            name: Restore again
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 4, 1, "name");
        Assert.Contains("'name' is given twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_step_field_is_reported_with_the_step_path()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
                activity: engage
            value: Service restored.
            """);

        AssertAt(error, 9, 5, "steps[0].activity");
        Assert.Contains("'activity' is given twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_value_field_is_reported_with_the_value_path()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value:
              outcome: Service restored.
              outcome: Service restored again.
            """);

        AssertAt(error, 11, 3, "value.outcome");
    }

    [Fact]
    public void Same_field_in_different_steps_is_not_a_duplicate()
    {
        var result = ValueStreamReader.Read("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: log
                activity: engage
                practices: [service-desk]
                next: [fix]
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
    }

    [Fact]
    public void Empty_steps_list_is_reported_at_the_list()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps: []
            value: Service restored.
            """);

        AssertAt(error, 4, 8, "steps");
        Assert.Contains("at least one step", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_steps_are_reported_at_the_root()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            value: Service restored.
            """);

        AssertAt(error, 1, 1, "steps");
    }

    [Fact]
    public void Step_without_key_is_reported_at_the_step()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - name: Fix it
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 5, 5, "steps[0].key");
    }

    [Fact]
    public void Duplicate_step_key_is_reported_at_the_later_step()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
              - key: fix
                activity: engage
                practices: [service-desk]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 9, 10, "steps[1].key");
        Assert.Contains("earlier step", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_key_value_is_refused_because_it_names_the_end()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: value
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 5, 10, "steps[0].key");
        Assert.Contains("cannot be a step key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_key_that_is_not_kebab_case_is_reported_at_the_key_value()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: Fix It
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 5, 10, "steps[0].key");
    }

    [Fact]
    public void Unknown_activity_is_reported_at_the_activity_value()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: operate
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 6, 15, "steps[0].activity");
        Assert.Contains("deliver-support", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_activity_is_reported_at_the_step()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 5, 5, "steps[0].activity");
    }

    [Fact]
    public void Missing_practices_are_reported_at_the_step()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 5, 5, "steps[0].practices");
    }

    [Fact]
    public void Unknown_practice_is_reported_at_the_item()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management, firefighting]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 7, 38, "steps[0].practices[1]");
        Assert.Contains("'firefighting'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4x")]
    [InlineData("0m")]
    [InlineData("-PT4H")]
    public void Target_that_is_not_a_positive_duration_is_reported_at_the_target(string target)
    {
        var error = SingleError($"""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                target: {target}
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 8, 13, "steps[0].target");
        Assert.Contains($"'{target}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_next_is_reported_at_the_step()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
            value: Service restored.
            """);

        AssertAt(error, 5, 5, "steps[0].next");
    }

    [Fact]
    public void Next_naming_an_unknown_step_is_reported_at_the_item()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value, confirm]
            value: Service restored.
            """);

        AssertAt(error, 8, 19, "steps[0].next[1]");
        Assert.Contains("'confirm'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_artifact_kind_is_reported_at_the_item()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                produces: [performance-information, gossip]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 8, 41, "steps[0].produces[1]");
        Assert.Contains("'gossip'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_consumed_artifact_kind_is_reported_at_the_item()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                consumes: [rumours]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 8, 16, "steps[0].consumes[0]");
    }

    [Fact]
    public void Artifact_produced_by_an_activity_the_flow_map_does_not_allow_is_reported()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: log
                activity: engage
                practices: [service-desk]
                produces: [performance-information]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 8, 16, "steps[0].produces[0]");
        Assert.Contains("produced by Deliver and support, not by Engage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Artifact_consumed_by_an_activity_it_does_not_reach_is_reported()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: log
                activity: engage
                practices: [service-desk]
                consumes: [requirements-and-specifications]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 8, 16, "steps[0].consumes[0]");
        Assert.Contains("reaches Obtain/build, not Engage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_where_no_step_leads_to_value_is_reported_at_the_steps()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: log
                activity: engage
                practices: [service-desk]
                next: [fix]
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [log]
            value: Service restored.
            """);

        AssertAt(error, 5, 3, "steps");
        Assert.Contains("No step leads to value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_no_path_leads_to_is_reported_as_unreachable()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: log
                activity: engage
                practices: [service-desk]
                next: [value]
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 9, 10, "steps[1].key");
        Assert.Contains("'fix' is unreachable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_that_can_only_loop_is_reported_as_having_no_way_to_value()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: log
                activity: engage
                practices: [service-desk]
                next: [value, fix]
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [fix]
            value: Service restored.
            """);

        AssertAt(error, 9, 10, "steps[1].key");
        Assert.Contains("'fix' has no way to value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_value_is_reported_at_the_root()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            """);

        AssertAt(error, 1, 1, "value");
    }

    [Fact]
    public void Unknown_confirmer_is_reported_at_the_confirmer()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value:
              outcome: Service restored.
              confirmed-by: boss
            """);

        AssertAt(error, 11, 17, "value.confirmed-by");
        Assert.Contains("'boss'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_step_that_is_not_a_step_is_reported_at_start()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            start: triage
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        AssertAt(error, 4, 8, "start");
        Assert.Contains("'triage'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_yaml_syntax_is_reported_where_the_parser_stopped()
    {
        var error = SingleError("""
            key: restore
            name: 'Restore
            demand: [incident]
            """);

        AssertAt(error, 2, 7, "");
        Assert.StartsWith("Not valid YAML: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("quoted scalar", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unclosed_list_followed_by_more_lines_is_reported_at_the_list_instead_of_throwing()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident
            steps: []
            """);

        AssertAt(error, 3, 9, "");
        Assert.StartsWith("Not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_with_a_missing_key_is_reported_there_instead_of_throwing()
    {
        var error = SingleError("""
            key: restore
            name: Restore
            demand: [incident]
            steps:
              - key: fix
                activity: deliver-support
                practices: [incident-management]
                next: [value]
            value:
             : Service restored.
            """);

        AssertAt(error, 10, 3, "");
        Assert.StartsWith("Not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_that_is_a_list_is_refused_at_its_start()
    {
        var error = SingleError("""
            - key: restore
            - name: Restore
            """);

        AssertAt(error, 1, 1, "");
        Assert.Contains("is a mapping", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_text_is_refused_at_the_first_line()
    {
        var error = SingleError("");

        AssertAt(error, 1, 1, "");
    }

    [Fact]
    public void Several_problems_are_all_reported_in_source_order()
    {
        var result = ValueStreamReader.Read("""
            key: restore
            demand: [outage]
            steps:
              - key: fix
                activity: operate
                practices: [incident-management]
                next: [value]
            value: Service restored.
            """);

        Assert.False(result.IsValid);
        Assert.Null(result.Definition);
        Assert.Equal(["name", "demand[0]", "steps[0].activity"], result.Errors.Select(e => e.Path));
        Assert.Equal([1, 2, 5], result.Errors.Select(e => e.Location.Line));
    }

    private static DefinitionError SingleError(string yaml)
    {
        var result = ValueStreamReader.Read(yaml);
        Assert.False(result.IsValid);
        Assert.Null(result.Definition);
        return Assert.Single(result.Errors);
    }

    private static void AssertAt(DefinitionError error, int line, int column, string path)
    {
        Assert.Equal(path, error.Path);
        Assert.Equal(new SourceLocation(line, column), error.Location);
    }
}
