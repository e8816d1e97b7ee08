using ValueChain.Common;
using ValueChain.Engage;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Core.Tests.ValueStreams.Runs;

/// <summary>A work item only moves along the stream it runs on, even when another stream has the same steps.</summary>
public sealed class WorkItemWrongStreamTests
{
    private static readonly ValueStreamDefinition LookAlike =
        FixWorkplace.Read(FixWorkplace.Yaml.Replace("key: fix-workplace", "key: fix-desk", StringComparison.Ordinal));

    private readonly Desk _desk = new();

    [Theory]
    [InlineData("start")]
    [InlineData("wait")]
    [InlineData("resume")]
    [InlineData("complete")]
    [InlineData("loop-back")]
    [InlineData("cancel")]
    [InlineData("confirm-value")]
    public void Transition_with_another_streams_definition_is_refused(string transition)
    {
        var item = ItemReadyFor(transition);

        var error = item.RefusedWithoutChange(_desk, at => item.Attempt(transition, LookAlike, at),
            ErrorKind.Validation, "wrong-value-stream");
        Assert.Contains("'fix-workplace'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'fix-desk'", error.Message, StringComparison.Ordinal);

        // The same transition on the item's own stream goes through: only the stream was wrong.
        item.Attempt(transition, FixWorkplace.Stream, _desk.Now).Succeeded();
    }

    private WorkItem ItemReadyFor(string transition)
    {
        switch (transition)
        {
            case "start":
                return _desk.Open();
            case "wait" or "cancel":
                return _desk.AtRepairInProgress();
            case "resume":
                var waiting = _desk.AtRepairInProgress();
                waiting.Wait(FixWorkplace.Stream, WaitReason.Supplier, null, Desk.Resolver, _desk.Now).Succeeded();
                return waiting;
            case "complete" or "loop-back":
                return _desk.AtConfirmInProgress();
            default:
                return _desk.Delivered();
        }
    }
}
