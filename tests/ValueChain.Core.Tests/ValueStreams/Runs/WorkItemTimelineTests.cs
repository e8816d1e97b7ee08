using ValueChain.Common;
using ValueChain.Engage;
using ValueChain.Flow;
using ValueChain.ValueStreams.Runs;
using A = ValueChain.ServiceValueSystem.ValueChainActivity;

namespace ValueChain.Core.Tests.ValueStreams.Runs;

/// <summary>
/// The times a work item keeps about each visit, and its event log: what flow time, flow efficiency and process
/// mining are computed from.
/// </summary>
public sealed class WorkItemTimelineTests
{
    private readonly Desk _desk = new();

    [Fact]
    public void Each_visit_records_when_its_step_was_entered_started_waited_and_left()
    {
        var item = _desk.Open(); // 09:00 log entered
        _desk.Advance(TimeSpan.FromMinutes(15));
        _desk.Start(item); // 09:15
        _desk.Advance(TimeSpan.FromMinutes(10));
        _desk.Complete(item); // 09:25 repair entered
        _desk.Advance(TimeSpan.FromHours(1));
        _desk.Start(item); // 10:25
        _desk.Advance(TimeSpan.FromMinutes(30));
        item.Wait(FixWorkplace.Stream, WaitReason.Supplier, null, "bob", _desk.Now).Succeeded(); // 10:55
        _desk.Advance(TimeSpan.FromHours(2));
        item.Resume(FixWorkplace.Stream, null, "bob", _desk.Now).Succeeded(); // 12:55
        _desk.Advance(TimeSpan.FromMinutes(20));
        item.Wait(FixWorkplace.Stream, WaitReason.Customer, null, "bob", _desk.Now).Succeeded(); // 13:15
        _desk.Advance(TimeSpan.FromMinutes(25));
        item.Resume(FixWorkplace.Stream, null, "bob", _desk.Now).Succeeded(); // 13:40
        _desk.Advance(TimeSpan.FromMinutes(35));
        _desk.Complete(item, "confirm"); // 14:15 confirm entered
        _desk.Advance(TimeSpan.FromHours(4));
        _desk.Start(item); // 18:15
        _desk.Advance(TimeSpan.FromMinutes(5));
        _desk.Complete(item, "value"); // 18:20 delivered

        Assert.Equal(["log", "repair", "confirm"], item.Visits.Select(v => v.StepKey));
        var (log, repair, confirm) = (item.Visits[0], item.Visits[1], item.Visits[2]);

        Assert.Equal(At(9, 0), log.EnteredAt);
        Assert.Equal(At(9, 15), log.StartedAt);
        Assert.Equal(At(9, 25), log.LeftAt);
        Assert.Equal(TimeSpan.Zero, log.Waited);

        Assert.Equal(At(9, 25), repair.EnteredAt);
        Assert.Equal(At(10, 25), repair.StartedAt);
        Assert.Equal(At(14, 15), repair.LeftAt);
        Assert.Equal(TimeSpan.FromMinutes(145), repair.Waited);
        // Worked on for the time between start and leaving, less the two waits.
        Assert.Equal(TimeSpan.FromMinutes(85), repair.LeftAt - repair.StartedAt - repair.Waited);

        Assert.Equal(At(14, 15), confirm.EnteredAt);
        Assert.Equal(At(18, 15), confirm.StartedAt);
        Assert.Equal(At(18, 20), confirm.LeftAt);

        Assert.Equal(At(18, 20), item.DeliveredAt);
        Assert.Equal(TimeSpan.FromMinutes(560), item.DeliveredAt - item.CreatedAt);
    }

    [Fact]
    public void Waited_counts_closed_waits_only_until_the_step_resumes()
    {
        var item = _desk.AtRepairInProgress();
        var since = _desk.Now;
        item.Wait(FixWorkplace.Stream, WaitReason.Change, null, "bob", since).Succeeded();
        _desk.Advance(TimeSpan.FromHours(6));

        Assert.Equal(TimeSpan.Zero, item.CurrentVisit!.Waited);
        Assert.Equal(since, item.CurrentVisit.WaitingSince);

        item.Resume(FixWorkplace.Stream, null, "bob", _desk.Now).Succeeded();

        Assert.Equal(TimeSpan.FromHours(6), item.CurrentVisit.Waited);
    }

    [Fact]
    public void Each_transition_appends_one_event_and_moves_the_revision_on_by_one()
    {
        var events = new List<WorkItemEvent>();
        var times = new List<DateTimeOffset>();
        var actors = new List<string>();

        var (item, opened) = WorkItem.Open(FixWorkplace.Stream, 1, new DemandDetails("incident", "Laptop does not boot"), "ann", _desk.Now)
            .Succeeded();
        Record(opened, "ann");
        Assert.Equal(1, item.Revision);

        void Do(Func<DateTimeOffset, Result<Transition>> transition, string actor = Desk.Resolver)
        {
            var revision = item.Revision;
            _desk.Advance(TimeSpan.FromMinutes(events.Count * 3 + 1));
            Record(transition(_desk.Now).Succeeded(), actor);
            Assert.Equal(revision + 1, item.Revision);
            Assert.Equal(_desk.Now, item.UpdatedAt);
        }

        void Record(Transition transition, string actor)
        {
            events.Add(transition.Event);
            times.Add(_desk.Now);
            actors.Add(actor);
        }

        var stream = FixWorkplace.Stream;
        var map = InformationFlowMap.Default;
        Do(at => item.Start(stream, "bob", at));
        Do(at => item.Complete(stream, [], null, map, "bob", at));
        Do(at => item.Start(stream, "bob", at));
        Do(at => item.Wait(stream, WaitReason.Supplier, null, "bob", at));
        Do(at => item.Resume(stream, null, "bob", at));
        Do(at => item.Complete(stream, [new ArtifactOutput("change-requests", "Replace the motherboard")], "replace-part", map, "bob", at));
        Do(at => item.Start(stream, "carl", at), "carl");
        Do(at => item.Complete(stream, [], null, map, "carl", at), "carl");
        Do(at => item.Start(stream, "bob", at));
        Do(at => item.Complete(stream, [], "confirm", map, "bob", at));
        Do(at => item.Start(stream, "ann", at), "ann");
        Do(at => item.LoopBack(stream, "repair", "Still does not boot", "dana", at), "dana");
        Do(at => item.Start(stream, "bob", at));
        Do(at => item.Complete(stream, [], "confirm", map, "bob", at));
        Do(at => item.Start(stream, "ann", at), "ann");
        Do(at => item.Complete(stream, [], "value", map, "ann", at), "ann");
        Do(at => item.ConfirmValue(stream, "Laptop boots", "dana", 5, "dana", at), "dana");

        Assert.Equal(
        [
            "demand-opened", "step-started", "step-completed", "step-started", "step-waiting", "step-resumed", "step-completed",
            "step-started", "step-completed", "step-started", "step-completed", "step-started", "looped-back", "step-started",
            "step-completed", "step-started", "step-completed", "value-confirmed",
        ], events.Select(e => e.Type));
        Assert.Equal(
        [
            "log", "log", "log", "repair", "repair", "repair", "repair", "replace-part", "replace-part", "repair", "repair",
            "confirm", "confirm", "repair", "repair", "confirm", "confirm", null,
        ], events.Select(e => e.StepKey));
        var activityOf = new Dictionary<string, A>
        {
            ["log"] = A.Engage,
            ["repair"] = A.DeliverAndSupport,
            ["replace-part"] = A.ObtainBuild,
            ["confirm"] = A.Engage,
        };
        Assert.Equal(events.Select(e => e.StepKey is null ? (A?)null : activityOf[e.StepKey]), events.Select(e => e.Activity));
        Assert.Equal(Enumerable.Range(1, 18), events.Select(e => e.Sequence));
        Assert.Equal(18, item.Revision);
        Assert.Equal(times, events.Select(e => e.OccurredAt));
        Assert.Equal(actors, events.Select(e => e.Actor));
        Assert.All(events, e => Assert.Equal(FixWorkplace.Key, e.ValueStreamKey));
        Assert.All(events, e => Assert.Same(item, e.WorkItem));

        Assert.Equal(["log", "repair", "replace-part", "repair", "confirm", "repair", "confirm"], item.Visits.Select(v => v.StepKey));
        Assert.Equal(3, item.Visits.Count(v => v.StepKey == "repair"));
    }

    private static DateTimeOffset At(int hour, int minute) => new(2026, 3, 2, hour, minute, 0, TimeSpan.Zero);
}
