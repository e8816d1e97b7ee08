using ValueChain.Engage;
using ValueChain.Engage.Agreements;
using static ValueChain.Core.Tests.Engage.Agreements.Calendars;
using static ValueChain.Core.Tests.Engage.Agreements.SampleAgreements;
using static ValueChain.Core.Tests.Engage.Agreements.Targets;

namespace ValueChain.Core.Tests.Engage.Agreements;

/// <summary>All the clocks of one work item, with the agreements matched as its priority and the agreements change.</summary>
public sealed class AgreementClocksTests
{
    private static readonly AgreementSubject Incident = new("incident");

    private static ClockStatus Clock(IReadOnlyList<ItemClock> clocks, string key) => clocks.Single(c => c.Key.ToString() == key).Status;

    [Fact]
    public void A_work_item_gets_a_clock_per_target_of_each_agreement_that_binds_it()
    {
        var clocks = AgreementClocks.Evaluate(Set, Incident, Work.Opened("2026-03-02T09:00+01:00").Events, At("2026-03-02T09:10+01:00"));

        Assert.Equal(
            ["sla/first-response", "sla/resolution", "ola/network/fix", "ola/service-desk/log", "uc/carrier/supplier-wait"],
            clocks.Select(c => c.Key.ToString()));
        // The desk's OLA started when the work entered log; the network's waits for fix.
        Assert.Equal(ClockState.Running, Clock(clocks, "ola/service-desk/log").State);
        Assert.Equal(ClockState.NotStarted, Clock(clocks, "ola/network/fix").State);
    }

    [Fact]
    public void Raising_the_priority_hands_the_same_clock_to_the_more_specific_agreement()
    {
        // Standard medium resolution (4h) from 09:00; at 10:00 critical, so sla-critical (30m) takes over the same
        // clock: 1h is already over 30m, breached at 10:00.
        var work = Work.Opened("2026-03-02T09:00+01:00").PriorityChanged("2026-03-02T10:00+01:00", Priority.Critical);

        var resolution = Clock(AgreementClocks.Evaluate(Set, Incident, work.Events, At("2026-03-02T10:30+01:00")), "sla/resolution");

        Assert.Equal("sla-critical", resolution.AgreementKey);
        Assert.Equal(ClockState.Breached, resolution.State);
        Assert.Equal(At("2026-03-02T10:00+01:00"), resolution.BreachedAt);
        Assert.Equal(Minutes(90), resolution.Elapsed);
    }

    [Fact]
    public void A_new_version_of_the_agreements_counts_from_when_it_takes_effect()
    {
        // Version 2 from 17:00 counts resolution in calendar time: 16:00–17:00 office (1h) + 17:00–19:00 (2h) = 3h.
        var standard = Set.Agreements[0];
        var inCalendarTime = Set with
        {
            Agreements = [standard with { CalendarKey = BusinessCalendar.AlwaysOpenKey }, .. Set.Agreements.Skip(1)],
        };
        AgreementSetVersion[] versions = [new(DateTimeOffset.MinValue, Set), new(At("2026-03-02T17:00+01:00"), inCalendarTime)];

        var clocks = AgreementClocks.Evaluate(versions, Incident, Work.Opened("2026-03-02T16:00+01:00").Events, At("2026-03-02T19:00+01:00"));

        Assert.Equal(Minutes(180), Clock(clocks, "sla/resolution").Elapsed);
    }

    [Fact]
    public void A_clock_whose_agreement_no_longer_applies_is_withdrawn()
    {
        // Only the standard SLA sets first response... and a version without it from 09:30 withdraws that clock.
        var without = Set with { Agreements = [Set.Agreements[0] with { Targets = [Resolution] }, .. Set.Agreements.Skip(1)] };
        AgreementSetVersion[] versions = [new(DateTimeOffset.MinValue, Set), new(At("2026-03-02T09:30+01:00"), without)];

        var clocks = AgreementClocks.Evaluate(versions, Incident, Work.Opened("2026-03-02T09:00+01:00").Events, At("2026-03-02T10:00+01:00"));

        var firstResponse = Clock(clocks, "sla/first-response");
        Assert.Equal(ClockState.Cancelled, firstResponse.State);
        Assert.Equal(Minutes(30), firstResponse.Elapsed);
    }

    [Fact]
    public void A_supplier_contract_times_every_wait_for_the_supplier_in_calendar_time()
    {
        // Waits for the carrier 16:00–17:30 and Tue 09:00–10:00 (calendar time: 1h30m + 1h = 2h30m of 4h); the
        // night between does not count, since the clock is stopped between waits, not paused.
        var work = Work.Opened("2026-03-02T15:00+01:00").Started("2026-03-02T15:10+01:00")
            .Waiting("2026-03-02T16:00+01:00", WaitReason.Supplier).Resumed("2026-03-02T17:30+01:00")
            .Waiting("2026-03-03T09:00+01:00", WaitReason.Supplier).Resumed("2026-03-03T10:00+01:00");

        var clock = Clock(AgreementClocks.Evaluate(Set, Incident, work.Events, At("2026-03-03T12:00+01:00")), "uc/carrier/supplier-wait");

        Assert.Equal(ClockState.Met, clock.State);
        Assert.Equal(Minutes(150), clock.Elapsed);
    }

    [Fact]
    public void No_events_no_clocks() =>
        Assert.Empty(AgreementClocks.Evaluate(Set, Incident, [], At("2026-03-02T09:00+01:00")));
}
