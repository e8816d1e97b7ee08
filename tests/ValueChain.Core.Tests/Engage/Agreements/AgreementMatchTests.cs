using ValueChain.Engage;
using ValueChain.Engage.Agreements;
using static ValueChain.Core.Tests.Engage.Agreements.SampleAgreements;

namespace ValueChain.Core.Tests.Engage.Agreements;

/// <summary>Which agreements bind a work item: of each kind and party, the most specific match.</summary>
public sealed class AgreementMatchTests
{
    [Theory]
    // Nothing specific: the standard SLA.
    [InlineData(null, null, Priority.Medium, "sla-standard")]
    // One dimension each: service (email), customer (acme), priority (critical).
    [InlineData("email", null, Priority.Medium, "sla-email")]
    [InlineData("EMAIL", null, Priority.Medium, "sla-email")]
    [InlineData(null, "acme", Priority.Medium, "sla-acme")]
    [InlineData("vpn", "acme", Priority.Medium, "sla-acme")]
    [InlineData(null, null, Priority.Critical, "sla-critical")]
    // Two dimensions beat one.
    [InlineData("email", "acme", Priority.Medium, "sla-acme-email")]
    [InlineData("email", "acme", Priority.Critical, "sla-acme-email")]
    // One dimension each: the customer outranks the service, the service outranks the priority.
    [InlineData(null, "acme", Priority.Critical, "sla-acme")]
    [InlineData("email", null, Priority.Critical, "sla-email")]
    public void The_most_specific_sla_wins(string? service, string? customer, Priority priority, string expected)
    {
        var matched = Set.Match(new AgreementSubject("incident", service, customer), priority);

        Assert.Equal(expected, Assert.Single(matched, a => a.Kind == AgreementKind.Sla).Key);
    }

    [Fact]
    public void Every_team_and_supplier_keeps_its_own_agreement()
    {
        var incident = Set.Match(new AgreementSubject("incident"), Priority.Medium).Select(a => a.Key);
        var request = Set.Match(new AgreementSubject("service-request"), Priority.Medium).Select(a => a.Key);

        // Ordered by kind, then party: network before service-desk.
        Assert.Equal(["sla-standard", "ola-network", "ola-desk", "uc-carrier"], incident);
        Assert.Equal(["sla-standard", "ola-network", "ola-desk"], request);
    }

    [Fact]
    public void The_sample_set_is_valid() => Assert.Empty(Set.Validate());

    [Fact]
    public void Two_equally_specific_agreements_that_can_meet_are_refused()
    {
        var rival = Sla("sla-acme-beta", new(Customers: ["beta", "ACME"]), Targets.Resolution);
        var set = Set with { Agreements = [.. Set.Agreements, rival] };

        var problem = Assert.Single(set.Validate());

        Assert.Equal("agreements[8].applies-to", problem.Path);
        Assert.Contains("'sla-acme' and 'sla-acme-beta'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equally_specific_agreements_that_cannot_meet_are_fine()
    {
        var beta = Sla("sla-beta", new(Customers: ["beta"]), Targets.Resolution);

        Assert.Empty((Set with { Agreements = [.. Set.Agreements, beta] }).Validate());
    }

    public static TheoryData<string, Func<AgreementSet, AgreementSet>, string> Problems => new()
    {
        { "an OLA without a team", s => Replace(s, 5, a => a with { Party = null }), "agreements[5].party" },
        { "an SLA with a party", s => Replace(s, 0, a => a with { Party = "acme" }), "agreements[0].party" },
        { "an unknown calendar", s => Replace(s, 0, a => a with { CalendarKey = "paris-office" }), "agreements[0].calendar" },
        { "a missing duration", s => Replace(s, 1, a => a with { Targets = [a.Targets[0] with { Durations = PriorityDurations.Each(TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(8)).Where(d => d.Key != Priority.Low).ToDictionary() }] }), "agreements[1].targets[0].duration.low" },
        { "a zero duration", s => Replace(s, 1, a => a with { Targets = [a.Targets[0] with { Durations = PriorityDurations.All(TimeSpan.Zero) }] }), "agreements[1].targets[0].duration.critical" },
        { "a warning at 100 %", s => Replace(s, 1, a => a with { Targets = [a.Targets[0] with { WarnAt = [100] }] }), "agreements[1].targets[0].warn-at[0]" },
        { "an unknown event", s => Replace(s, 1, a => a with { Targets = [a.Targets[0] with { Start = ["ticket-opened"] }] }), "agreements[1].targets[0].start[0].event" },
        { "no stop event", s => Replace(s, 1, a => a with { Targets = [a.Targets[0] with { Stop = [] }] }), "agreements[1].targets[0].stop" },
        { "a reason on an event without one", s => Replace(s, 1, a => a with { Targets = [a.Targets[0] with { Start = [new SpanCondition("step-started", Reason: WaitReason.Customer)] }] }), "agreements[1].targets[0].start[0].reason" },
        { "an unknown priority to raise to", s => Replace(s, 1, a => a with { Targets = [a.Targets[0] with { Escalations = [new(120, EscalationAction.RaisePriority, "urgent")] }] }), "agreements[1].targets[0].escalations[0].raise-priority" },
        { "an escalation at 0 %", s => Replace(s, 1, a => a with { Targets = [a.Targets[0] with { Escalations = [new(0, EscalationAction.Notify, "duty-manager")] }] }), "agreements[1].targets[0].escalations[0].at" },
        { "a target name that is no key", s => Replace(s, 1, a => a with { Targets = [a.Targets[0] with { Name = "First Response" }] }), "agreements[1].targets[0].name" },
        { "a target set twice", s => Replace(s, 1, a => a with { Targets = [a.Targets[0], a.Targets[0]] }), "agreements[1].targets[1].name" },
        { "an agreement key used twice", s => Replace(s, 2, a => a with { Key = "sla-email" }), "agreements[2].key" },
        { "an unknown time zone", s => s with { Calendars = [s.Calendars[0] with { TimeZone = "Europe/Atlantis" }] }, "calendars[0].time-zone" },
        { "overlapping hours", s => s with { Calendars = [s.Calendars[0] with { Week = [new(DayOfWeek.Monday, [WorkingInterval.Parse("09:00-13:00"), WorkingInterval.Parse("12:00-17:00")])] }] }, "calendars[0].hours.monday[1]" },
        { "a calendar never open", s => s with { Calendars = [s.Calendars[0] with { Week = [] }] }, "calendars[0].hours" },
        { "a holiday that is no date", s => s with { Calendars = [s.Calendars[0] with { Holidays = [new("Nonsense", 2, 30)] }] }, "calendars[0].holidays[0].date" },
        { "two exceptions on one date", s => s with { Calendars = [s.Calendars[0] with { Exceptions = [new(new DateOnly(2026, 5, 1), []), new(new DateOnly(2026, 5, 1), [])] }] }, "calendars[0].exceptions[1].date" },
        { "a calendar keyed 24x7", s => s with { Calendars = [s.Calendars[0], s.Calendars[0] with { Key = "24x7" }] }, "calendars[1].key" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Validation_names_the_problem_by_its_path(string because, Func<AgreementSet, AgreementSet> change, string path)
    {
        var problems = change(Set).Validate();

        Assert.True(problems.Any(p => p.Path == path), $"Expected a problem at {path} for {because}; got: {string.Join("; ", problems)}");
    }

    private static AgreementSet Replace(AgreementSet set, int index, Func<Agreement, Agreement> change) =>
        set with { Agreements = [.. set.Agreements.Select((a, i) => i == index ? change(a) : a)] };
}
