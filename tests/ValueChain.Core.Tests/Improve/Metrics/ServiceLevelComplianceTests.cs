using ValueChain.Core.Tests.Engage.Agreements;
using ValueChain.Engage;
using ValueChain.Engage.Agreements;
using ValueChain.Improve.Metrics;
using ValueChain.ServiceValueSystem;
using static ValueChain.Core.Tests.Engage.Agreements.Calendars;

namespace ValueChain.Core.Tests.Improve.Metrics;

/// <summary>
/// Compliance over the week of Monday 2 March 2026 (UTC), from five work items evaluated as of its end. Every clock
/// counts calendar time: first response (medium 1h, high 30m, low 2h), resolution (until delivered; medium 4h, high 2h,
/// low 8h, warning at 50 %) and the network team's OLA (2h while at a network step).
/// </summary>
public sealed class ServiceLevelComplianceTests
{
    private static readonly MetricsPeriod Week = new(At("2026-03-02T00:00Z"), At("2026-03-09T00:00Z"));

    private static readonly AgreementSet Agreements = new(
        [],
        [
            new Agreement("sla-standard", "Standard", AgreementKind.Sla, AgreementScope.Everything, [Targets.FirstResponse, Targets.Resolution]),
            new Agreement("ola-network", "Network team", AgreementKind.Ola, AgreementScope.Everything, [Targets.NetworkFix], Party: "network"),
        ]);

    /// <summary>
    /// 1 (mail, sales, medium): everything met. 2 (mail, no customer, high): everything breached. 3 (erp, sales, low):
    /// first response met, resolution still running past its warning. 4 (erp, opened the week before): only its OLA is
    /// decided this week. 5: cancelled before anything was decided.
    /// </summary>
    private static ComplianceReport Report()
    {
        var items = new (long Id, string Service, string? Customer, Work Work)[]
        {
            (1, "mail", "sales", Work.Opened("2026-03-02T09:00Z").Started("2026-03-02T09:30Z").Completed("2026-03-02T10:00Z", "fix")
                .Started("2026-03-02T10:10Z").Completed("2026-03-02T11:00Z", "confirm").Completed("2026-03-02T11:30Z")),
            (2, "mail", null, Work.Opened("2026-03-03T09:00Z", Priority.High).Started("2026-03-03T10:00Z").Completed("2026-03-03T10:05Z", "fix")),
            (3, "erp", "sales", Work.Opened("2026-03-08T19:00Z", Priority.Low).Started("2026-03-08T20:00Z")),
            (4, "erp", null, Work.Opened("2026-02-27T09:00Z").Started("2026-02-27T09:10Z").Completed("2026-03-02T09:00Z", "fix")
                .Started("2026-03-02T09:05Z").Completed("2026-03-02T10:00Z", "confirm")),
            (5, "mail", "sales", Work.Opened("2026-03-04T09:00Z", Priority.High).Cancelled("2026-03-04T09:10Z")),
        };

        var results = items.SelectMany(i =>
            AgreementClocks.Evaluate(Agreements, new AgreementSubject("incident", i.Service, i.Customer), i.Work.Events, Week.To)
                .Select(c => ServiceLevelCompliance.Classify(i.Id, c, i.Work.Events, Week, i.Service, i.Customer))
                .OfType<ClockResult>());
        return ServiceLevelCompliance.Calculate(Week, results);
    }

    private static (int Met, int Breached, int Open, int AtRisk) Counts(ComplianceGroup group) => (group.Met, group.Breached, group.Open, group.AtRisk);

    private static ComplianceGroup In(IReadOnlyList<ComplianceGroup> groups, string key) => groups.Single(g => g.Key == key);

    [Fact]
    public void Overall_compliance_counts_what_was_decided_in_the_period_and_what_is_still_open_at_its_end()
    {
        var report = Report();

        // Met: item 1 three times, item 3's first response, item 4's OLA. Breached: item 2 three times.
        Assert.Equal((5, 3, 1, 1), Counts(report.Overall));
        Assert.Equal(0.625, report.Overall.Compliance);
    }

    [Fact]
    public void Each_clock_has_its_own_compliance()
    {
        var report = Report();

        Assert.Equal((2, 1, 0, 0), Counts(In(report.Clocks, "sla/first-response")));
        Assert.Equal((1, 1, 1, 1), Counts(In(report.Clocks, "sla/resolution")));
        Assert.Equal((2, 1, 0, 0), Counts(In(report.Clocks, "ola/network/fix")));
        Assert.Equal((3, 2, 1, 1), Counts(In(report.Agreements, "sla-standard")));
        Assert.Equal((2, 1, 0, 0), Counts(In(report.Agreements, "ola-network")));
        Assert.Equal(0.5, In(report.Clocks, "sla/resolution").Compliance);
    }

    [Fact]
    public void Compliance_per_service_and_customer_follows_the_item()
    {
        var report = Report();

        Assert.Equal((3, 3, 0, 0), Counts(In(report.Services, "mail")));
        Assert.Equal((2, 0, 1, 1), Counts(In(report.Services, "erp")));
        Assert.Equal((4, 0, 1, 1), Counts(In(report.Customers, "sales")));
        Assert.Equal((1, 3, 0, 0), Counts(In(report.Customers, ServiceLevelCompliance.None)));
        Assert.Equal(["mail", "erp"], report.Services.Select(g => g.Key));
    }

    [Fact]
    public void A_met_clock_belongs_to_the_team_that_stopped_it_and_a_breach_to_the_team_holding_the_work()
    {
        var report = Report();

        // Service desk: item 1's first response and resolution (delivered from confirm), item 3's first response met;
        // item 2's first response breached at log; item 3's resolution open at log. Network: the OLA of items 1 and 4
        // met, item 2's OLA breached, and item 2's resolution breached at 11:00 while the work was at fix.
        Assert.Equal((3, 1, 1, 1), Counts(In(report.Teams, "service-desk")));
        Assert.Equal((2, 2, 0, 0), Counts(In(report.Teams, "network")));
        Assert.Equal(["network", "service-desk"], report.Teams.Select(g => g.Key));
    }

    [Fact]
    public void A_clock_stopped_by_handing_the_work_on_belongs_to_the_team_that_handed_it_on()
    {
        // Dispatch: from opening until the work reaches the network team, 1h. The service desk hands it over at 09:40.
        var dispatch = new AgreementTarget(
            "dispatch", [ValueChain.ValueStreams.Runs.EventTypes.DemandOpened], [new SpanCondition(ClockEventTypes.StepEntered, Step: "fix")],
            PriorityDurations.All(TimeSpan.FromHours(1)));
        var set = new AgreementSet([], [new Agreement("sla-dispatch", "Dispatch", AgreementKind.Sla, AgreementScope.Everything, [dispatch])]);
        var work = Work.Opened("2026-03-02T09:00Z").Started("2026-03-02T09:10Z").Completed("2026-03-02T09:40Z", "fix");

        var clock = AgreementClocks.Evaluate(set, new AgreementSubject("incident"), work.Events, Week.To).Single();
        var result = ServiceLevelCompliance.Classify(6, clock, work.Events, Week, null, null)!;

        Assert.Equal((ClockOutcome.Met, At("2026-03-02T09:40Z"), "service-desk"), (result.Outcome, result.DecidedAt!.Value, result.Team!));
        Assert.Equal(TimeSpan.FromMinutes(40), result.Elapsed);
    }

    [Fact]
    public void Breaches_are_listed_latest_first_with_their_instant_and_team()
    {
        var report = Report();

        Assert.Equal(
            [
                ("ola/network/fix", At("2026-03-03T12:05Z"), "network", ValueChainActivity.DeliverAndSupport),
                ("sla/resolution", At("2026-03-03T11:00Z"), "network", ValueChainActivity.DeliverAndSupport),
                ("sla/first-response", At("2026-03-03T09:30Z"), "service-desk", ValueChainActivity.Engage),
            ],
            report.Breaches.Select(b => (b.Clock.ToString(), b.DecidedAt!.Value, b.Team!, b.Activity!.Value)));
        Assert.All(report.Breaches, b => Assert.Equal(2, b.WorkItemId));
    }

    [Fact]
    public void A_clock_decided_outside_the_period_does_not_count_in_it()
    {
        var before = new MetricsPeriod(At("2026-02-23T00:00Z"), Week.From);
        var work = Work.Opened("2026-02-27T09:00Z").Started("2026-02-27T09:10Z").Completed("2026-03-02T09:00Z", "fix");
        var clocks = AgreementClocks.Evaluate(Agreements, new AgreementSubject("incident"), work.Events, before.To);

        var results = clocks.Select(c => ServiceLevelCompliance.Classify(4, c, work.Events, before, null, null)).OfType<ClockResult>().ToList();

        // As of the end of February: first response met on the 27th, resolution breached at 13:00 that day.
        Assert.Equal(
            [("sla/first-response", ClockOutcome.Met), ("sla/resolution", ClockOutcome.Breached)],
            results.Select(r => (r.Clock.ToString(), r.Outcome)).OrderBy(r => r.Item1, StringComparer.Ordinal));
        Assert.Null(ServiceLevelCompliance.Calculate(new MetricsPeriod(Week.To, Week.To.AddDays(7)), []).Overall.Compliance);
    }
}
