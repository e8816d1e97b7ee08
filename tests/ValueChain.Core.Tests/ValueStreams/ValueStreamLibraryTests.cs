using ValueChain.Engage;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams;

namespace ValueChain.Core.Tests.ValueStreams;

/// <summary>The value streams that ship in <c>valuestreams/</c>: each one valid, and together a coherent library.</summary>
public sealed class ValueStreamLibraryTests
{
    // The demo organization creates exactly these teams; a step owned by any other team would have no inbox.
    private static readonly string[] DemoTeams =
        ["service-desk", "infrastructure", "applications", "change-advisory", "procurement", "service-management-office"];

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in LibraryFiles())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Library_file_reads_as_a_valid_stream_named_after_its_file(string file)
    {
        var result = ValueStreamReader.Read(File.ReadAllText(Path.Combine(RepositoryFolder.ValueStreams, file)));

        Assert.True(result.IsValid, $"{file}:{Environment.NewLine}{string.Join(Environment.NewLine, result.Errors)}");
        Assert.Equal(Path.GetFileNameWithoutExtension(file), result.Definition!.Key);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Library_file_gives_every_step_a_demo_team_and_a_target(string file)
    {
        var stream = Read(Path.Combine(RepositoryFolder.ValueStreams, file));

        Assert.All(stream.Steps, step =>
        {
            Assert.Contains(step.Team, DemoTeams);
            Assert.NotNull(step.Target);
        });
    }

    [Fact]
    public void Library_holds_the_expected_streams()
    {
        var keys = LibraryFiles().Select(Read).Select(s => s.Key).Order(StringComparer.Ordinal);

        Assert.Equal(
            ["deliver-change", "fulfil-service-request", "launch-new-service", "onboard-supplier-component",
             "restore-service", "run-improvement-initiative"],
            keys);
    }

    [Fact]
    public void Library_together_uses_all_six_activities()
    {
        var used = LibraryFiles().Select(Read).SelectMany(s => s.Activities).ToHashSet();

        Assert.Equal(Enum.GetValues<ValueChainActivity>().ToHashSet(), used);
    }

    [Fact]
    public void Library_claims_each_demand_type_at_most_once()
    {
        var claims = LibraryFiles().Select(Read)
            .SelectMany(s => s.DemandTypes.Select(d => (Demand: d.ToLowerInvariant(), Stream: s.Key)))
            .GroupBy(c => c.Demand)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Stream))}");

        Assert.Empty(claims);
    }

    [Fact]
    public void Library_serves_every_demand_type()
    {
        var served = LibraryFiles().Select(Read).SelectMany(s => s.DemandTypes).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.All(DemandTypes.All, type => Assert.Contains(type.Key, served));
    }

    [Fact]
    public void Restore_service_runs_engage_then_deliver_and_support_then_engage_then_improve()
    {
        var stream = Read(Path.Combine(RepositoryFolder.ValueStreams, "restore-service.yaml"));

        Assert.Equal(["incident"], stream.DemandTypes);
        Assert.Equal(ValueChainActivity.Engage, stream.Step(stream.StartStepKey).Activity);
        Assert.Equal(
            [ValueChainActivity.Engage, ValueChainActivity.DeliverAndSupport, ValueChainActivity.Improve],
            stream.Activities);
        Assert.Contains(stream.Steps, s => s.Activity == ValueChainActivity.Engage && s.Consumes.Contains("support-task-completion"));
    }

    [Fact]
    public void Deliver_change_passes_design_and_transition_before_and_after_building()
    {
        var stream = Read(Path.Combine(RepositoryFolder.ValueStreams, "deliver-change.yaml"));

        Assert.Equal(
            [ValueChainActivity.Engage, ValueChainActivity.DesignAndTransition, ValueChainActivity.ObtainBuild,
             ValueChainActivity.DesignAndTransition, ValueChainActivity.DeliverAndSupport],
            stream.Steps.Select(s => s.Activity));
        Assert.True(stream.Steps[^1].LeadsToValue);
    }

    private static IEnumerable<string> LibraryFiles() =>
        Directory.EnumerateFiles(RepositoryFolder.ValueStreams, "*.yaml").Order(StringComparer.Ordinal);

    private static ValueStreamDefinition Read(string path) =>
        ValueStreamReader.Read(File.ReadAllText(path)).Definition
        ?? throw new InvalidOperationException($"{path} is not a valid value stream.");
}
