using ValueChain.Engage;
using ValueChain.Flow;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Core.Tests.ValueStreams.Runs;

/// <summary>Running work keeps the version of the stream it started on when the stream is edited.</summary>
public sealed class WorkItemVersionTests
{
    private static readonly string EditedYaml =
        FixWorkplace.Yaml.Replace("team: field-support", "team: remote-support", StringComparison.Ordinal);

    private readonly Desk _desk = new();

    [Fact]
    public void Item_opened_on_version_1_keeps_it_when_version_2_is_published()
    {
        var v1 = ValueStreamRevision.Publish(FixWorkplace.Yaml, null, "owner", _desk.Now).Succeeded();
        var (item, opened) = WorkItem.Open(v1.Definition, v1.Version, new DemandDetails("incident", "Laptop does not boot"), "ann", _desk.Now)
            .Succeeded();

        var v2 = ValueStreamRevision.Publish(EditedYaml, v1, "owner", _desk.Advance(TimeSpan.FromHours(1))).Succeeded();
        item.Start(v1.Definition, "bob", _desk.Now).Succeeded();
        item.Complete(v1.Definition, [], null, InformationFlowMap.Default, "bob", _desk.Now).Succeeded();

        Assert.Equal(2, v2.Version);
        Assert.Equal(1, item.ValueStreamVersion);
        Assert.Equal(1, opened.Event.DataOf().GetProperty("valueStreamVersion").GetInt32());
        Assert.Equal("field-support", item.CurrentTeam);
        Assert.Equal("field-support", v1.Definition.Step("repair").Team);
        Assert.Equal("remote-support", v2.Definition.Step("repair").Team);
    }

    [Fact]
    public void Item_opened_after_the_edit_runs_on_the_new_version()
    {
        var v1 = ValueStreamRevision.Publish(FixWorkplace.Yaml, null, "owner", _desk.Now).Succeeded();
        var v2 = ValueStreamRevision.Publish(EditedYaml, v1, "owner", _desk.Advance(TimeSpan.FromHours(1))).Succeeded();

        var (item, _) = WorkItem.Open(v2.Definition, v2.Version, new DemandDetails("incident", "Dock does not charge"), "ann", _desk.Now)
            .Succeeded();
        item.Start(v2.Definition, "bob", _desk.Now).Succeeded();
        item.Complete(v2.Definition, [], null, InformationFlowMap.Default, "bob", _desk.Now).Succeeded();

        Assert.Equal(2, item.ValueStreamVersion);
        Assert.Equal("remote-support", item.CurrentTeam);
    }
}
