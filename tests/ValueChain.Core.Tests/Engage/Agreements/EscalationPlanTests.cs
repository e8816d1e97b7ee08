using Microsoft.Extensions.Time.Testing;
using ValueChain.Engage;
using ValueChain.Engage.Agreements;
using static ValueChain.Core.Tests.Engage.Agreements.Calendars;
using static ValueChain.Core.Tests.Engage.Agreements.Targets;

namespace ValueChain.Core.Tests.Engage.Agreements;

/// <summary>
/// The actions due on a clock. Medium resolution, 4h on the Berlin office calendar from Mon 2026-03-02 09:00:
/// 50 % at 11:00, 75 % at 12:00, 100 % at 14:00, 120 % (4h48m) at 14:48, 150 % (6h) at 16:00.
/// </summary>
public sealed class EscalationPlanTests
{
    private const string Item = "wi-42";

    private static readonly ClockKey Key = new(AgreementKind.Sla, null, "resolution");

    private static readonly AgreementTarget Escalating = Resolution with
    {
        Escalations =
        [
            new(100, EscalationAction.Notify, "duty-manager"),
            new(120, EscalationAction.RaisePriority, "critical"),
            new(150, EscalationAction.Reassign, "major-incident"),
        ],
    };

    private static IReadOnlyList<PlannedAction> Plan(Work work, string now) =>
        EscalationPlan.For(Item, Key, Evaluate(Escalating, work, now));

    [Fact]
    public void A_running_clock_schedules_every_action_with_a_stable_key()
    {
        var plan = Plan(Work.Opened("2026-03-02T09:00+01:00"), "2026-03-02T10:00+01:00");

        Assert.Equal(
            [
                ("wi-42/sla/resolution/50/warn", PlannedActionState.Scheduled, At("2026-03-02T11:00+01:00")),
                ("wi-42/sla/resolution/75/warn", PlannedActionState.Scheduled, At("2026-03-02T12:00+01:00")),
                ("wi-42/sla/resolution/100/breach", PlannedActionState.Scheduled, At("2026-03-02T14:00+01:00")),
                ("wi-42/sla/resolution/100/notify/duty-manager", PlannedActionState.Scheduled, At("2026-03-02T14:00+01:00")),
                ("wi-42/sla/resolution/120/raise-priority/critical", PlannedActionState.Scheduled, At("2026-03-02T14:48+01:00")),
                ("wi-42/sla/resolution/150/reassign/major-incident", PlannedActionState.Scheduled, At("2026-03-02T16:00+01:00")),
            ],
            plan.Select(a => (a.IdempotencyKey, a.State, a.At!.Value)));
    }

    [Fact]
    public void Reached_thresholds_are_due_from_the_instant_they_were_reached()
    {
        var plan = Plan(Work.Opened("2026-03-02T09:00+01:00"), "2026-03-02T12:30+01:00");

        var due = plan.Where(a => a.State == PlannedActionState.Due).ToList();
        Assert.Equal([PlannedActionKind.Warn, PlannedActionKind.Warn], due.Select(a => a.Kind));
        Assert.Equal([At("2026-03-02T11:00+01:00"), At("2026-03-02T12:00+01:00")], due.Select(a => a.At!.Value));
    }

    [Fact]
    public void A_paused_clock_holds_what_it_has_not_reached()
    {
        // 50 % reached at 11:00; waiting for the customer since 11:30.
        var work = Work.Opened("2026-03-02T09:00+01:00").Started("2026-03-02T09:05+01:00").Waiting("2026-03-02T11:30+01:00", WaitReason.Customer);

        var plan = Plan(work, "2026-03-02T14:00+01:00");

        Assert.Equal(PlannedActionState.Due, plan.Single(a => a.Percent == 50).State);
        Assert.All(plan.Where(a => a.Percent != 50), a => Assert.Equal((PlannedActionState.OnHold, null), (a.State, a.At)));
    }

    [Fact]
    public void A_met_clock_has_nothing_left_to_do()
    {
        // Delivered at 12:30, after both warnings: they lapse with the clock.
        var work = Work.Opened("2026-03-02T09:00+01:00").Completed("2026-03-02T12:30+01:00");

        Assert.Empty(Plan(work, "2026-03-02T13:00+01:00"));
    }

    [Fact]
    public void A_breached_clock_that_stopped_keeps_only_its_breach()
    {
        // Delivered at 15:00, an hour after the 14:00 due instant.
        var work = Work.Opened("2026-03-02T09:00+01:00").Completed("2026-03-02T15:00+01:00");

        var action = Assert.Single(Plan(work, "2026-03-02T16:30+01:00"));

        Assert.Equal(("wi-42/sla/resolution/100/breach", PlannedActionState.Due, At("2026-03-02T14:00+01:00")), (action.IdempotencyKey, action.State, action.At!.Value));
    }

    [Fact]
    public void A_clock_not_started_plans_nothing() =>
        Assert.Empty(Plan(Work.Opened("2026-03-02T09:00+01:00"), "2026-03-02T08:00+01:00"));

    [Fact]
    public void The_keys_survive_a_change_of_agreement_and_priority()
    {
        var work = Work.Opened("2026-03-02T09:00+01:00").PriorityChanged("2026-03-02T10:00+01:00", Priority.Low);
        var before = Plan(Work.Opened("2026-03-02T09:00+01:00"), "2026-03-02T09:30+01:00");
        ClockDefinition[] definitions =
        [
            ClockDefinition.Throughout(Escalating, BerlinOffice, "sla-standard"),
            new(At("2026-03-02T11:00+01:00"), Escalating with { Durations = PriorityDurations.All(TimeSpan.FromHours(6)) }, BerlinOffice, "sla-gold"),
        ];
        var after = EscalationPlan.For(Item, Key, ServiceClock.Evaluate(definitions, work.Events, At("2026-03-02T12:00+01:00")));

        Assert.Equal(before.Select(a => a.IdempotencyKey).Order(), after.Select(a => a.IdempotencyKey).Order());
    }

    [Fact]
    public void A_job_polling_the_plan_runs_each_action_once_when_it_falls_due()
    {
        // Polls every 10 minutes from 09:00 to 18:00; a breach scheduled at 14:00 is due once time passes 14:00.
        var time = new FakeTimeProvider(At("2026-03-02T09:00+01:00"));
        var work = Work.Opened("2026-03-02T09:00+01:00");
        var done = new Dictionary<string, DateTimeOffset>();
        while (time.GetUtcNow() <= At("2026-03-02T18:00+01:00"))
        {
            var now = time.GetUtcNow();
            foreach (var action in EscalationPlan.For(Item, Key, ServiceClock.Evaluate(Escalating, BerlinOffice, work.Events, now)))
            {
                if (action.State == PlannedActionState.Due)
                {
                    done.TryAdd(action.IdempotencyKey, now);
                }
            }

            time.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.Equal(6, done.Count);
        Assert.Equal(At("2026-03-02T11:00+01:00"), done["wi-42/sla/resolution/50/warn"]);
        Assert.Equal(At("2026-03-02T12:00+01:00"), done["wi-42/sla/resolution/75/warn"]);
        Assert.Equal(At("2026-03-02T14:10+01:00"), done["wi-42/sla/resolution/100/breach"]);
        Assert.Equal(At("2026-03-02T14:50+01:00"), done["wi-42/sla/resolution/120/raise-priority/critical"]);
        Assert.Equal(At("2026-03-02T16:00+01:00"), done["wi-42/sla/resolution/150/reassign/major-incident"]);
    }
}
