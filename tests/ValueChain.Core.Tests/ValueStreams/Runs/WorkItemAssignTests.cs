using ValueChain.Common;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Core.Tests.ValueStreams.Runs;

/// <summary>Assigning the current step to a person: who holds it, when it is let go, and what is refused.</summary>
public sealed class WorkItemAssignTests
{
    private readonly Desk _desk = new();

    [Fact]
    public void Assigning_records_the_assignee_and_one_event_with_the_previous_holder()
    {
        var item = _desk.Open();
        _desk.Advance(TimeSpan.FromMinutes(3));

        var first = item.Assign(_desk.Stream, "  carla ", Desk.Agent, _desk.Now).Succeeded();
        var second = item.Assign(_desk.Stream, "dan", Desk.Agent, _desk.Now).Succeeded();

        Assert.Equal("dan", item.Assignee);
        Assert.Equal(EventTypes.Assigned, first.Event.Type);
        Assert.Equal("carla", first.Event.DataOf().GetProperty("assignee").GetString());
        Assert.Equal("carla", second.Event.DataOf().GetProperty("previous").GetString());
        Assert.Equal(("log", "pending", "pending"), (second.Event.StepKey, second.Event.FromStatus, second.Event.ToStatus));
        Assert.Equal(3, item.Revision);
        Assert.Equal(_desk.Now, item.UpdatedAt);
    }

    [Fact]
    public void A_blank_assignee_takes_the_work_back()
    {
        var item = _desk.Open();
        item.Assign(_desk.Stream, "carla", Desk.Agent, _desk.Now).Succeeded();

        var released = item.Assign(_desk.Stream, " ", Desk.Agent, _desk.Now).Succeeded();

        Assert.Null(item.Assignee);
        Assert.False(released.Event.DataOf().TryGetProperty("assignee", out _));
    }

    [Fact]
    public void Assigning_to_the_current_holder_is_refused_without_change()
    {
        var item = _desk.Open();
        item.Assign(_desk.Stream, "carla", Desk.Agent, _desk.Now).Succeeded();

        item.RefusedWithoutChange(_desk, at => item.Assign(_desk.Stream, "carla", Desk.Agent, at), ErrorKind.InvalidTransition, "assignment-unchanged");
        var unassigned = _desk.Open();
        unassigned.RefusedWithoutChange(_desk, at => unassigned.Assign(_desk.Stream, null, Desk.Agent, at), ErrorKind.InvalidTransition, "assignment-unchanged");
    }

    [Fact]
    public void Closed_work_has_no_step_to_assign()
    {
        var delivered = _desk.Delivered();
        var cancelled = _desk.Open();
        cancelled.Cancel(_desk.Stream, "Duplicate", Desk.Agent, _desk.Now).Succeeded();

        delivered.RefusedWithoutChange(_desk, at => delivered.Assign(_desk.Stream, "carla", Desk.Agent, at), ErrorKind.InvalidTransition, "work-item-not-active");
        cancelled.RefusedWithoutChange(_desk, at => cancelled.Assign(_desk.Stream, "carla", Desk.Agent, at), ErrorKind.InvalidTransition, "work-item-not-active");
    }

    [Fact]
    public void An_overlong_user_name_is_refused_and_names_the_field()
    {
        var item = _desk.Open();

        var error = item.RefusedWithoutChange(_desk, at => item.Assign(_desk.Stream, new string('x', 257), Desk.Agent, at), ErrorKind.Validation, "assignee-too-long");

        Assert.Equal("assignee", error.Field);
    }

    [Fact]
    public void Moving_to_another_teams_step_lets_the_work_go_and_a_step_of_the_same_team_keeps_it()
    {
        // log (service-desk) → repair (field-support) → confirm (no team) → repair (field-support).
        var item = _desk.Open();
        item.Assign(_desk.Stream, "carla", Desk.Agent, _desk.Now).Succeeded();
        _desk.Start(item);
        _desk.Complete(item);
        Assert.Equal(("repair", null), (item.CurrentStepKey, item.Assignee));

        item.Assign(_desk.Stream, "dan", Desk.Agent, _desk.Now).Succeeded();
        _desk.Start(item);
        _desk.Complete(item, "replace-part");
        Assert.Null(item.Assignee);
        item.Assign(_desk.Stream, "erin", Desk.Agent, _desk.Now).Succeeded();
        _desk.Start(item);
        _desk.Complete(item);
        Assert.Equal(("repair", null), (item.CurrentStepKey, item.Assignee));

        item.Assign(_desk.Stream, "dan", Desk.Agent, _desk.Now).Succeeded();
        _desk.Start(item);
        item.LoopBack(_desk.Stream, "repair", "Try again", Desk.Resolver, _desk.Now).Succeeded();
        Assert.Equal(("repair", "dan"), (item.CurrentStepKey, item.Assignee));
    }
}
