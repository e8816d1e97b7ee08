using ValueChain.Core.Tests.ValueStreams;
using ValueChain.Engage;
using ValueChain.Engage.Agreements;
using ValueChain.ValueStreams;
using static ValueChain.Core.Tests.Engage.Agreements.Calendars;

namespace ValueChain.Core.Tests.Engage.Agreements;

/// <summary>The YAML form of calendars and agreements, and the located errors it gives for bad input.</summary>
public sealed class AgreementReaderTests
{
    [Fact]
    public void The_shipped_agreements_file_is_valid()
    {
        var result = AgreementReader.Read(File.ReadAllText(Path.Combine(RepositoryFolder.Root, "agreements", "northwind.yaml")));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(["sla-standard", "sla-sales-webshop", "ola-infrastructure", "uc-cloudhost"], result.Set!.Agreements.Select(a => a.Key));
    }

    [Fact]
    public void A_calendar_reads_as_the_same_calendar_written_in_code()
    {
        var set = Valid("""
            calendars:
              - key: berlin-office
                name: Berlin service desk
                time-zone: Europe/Berlin
                hours:
                  every-day: closed
                  weekdays: [09:00-12:00, 13:00-17:00]
                holidays:
                  - {date: 12-25, name: Christmas Day}
                  - 12-26
                  - {date: 01-01, name: New Year's Day}
                  - {date: 2026-04-03, name: Good Friday}
                  - 2026-06-15
                exceptions:
                  - {date: 2026-12-24, hours: 09:00-12:00, reason: Christmas Eve}
                  - {date: 2026-12-31, hours: closed}
            """);

        var calendar = Assert.Single(set.Calendars);
        Assert.Equal("Europe/Berlin", calendar.TimeZone);
        Assert.Equal(new Holiday("12-26", 12, 26), calendar.Holidays![1]);
        Assert.Equal(new Holiday("Good Friday", 4, 3, 2026), calendar.Holidays[3]);
        // The same business time as the code-built calendar over a span with every feature in it:
        // weekends, lunch breaks, holidays, Christmas Eve's half day and New Year's Eve closed.
        var (from, to) = (At("2026-12-21T10:00+01:00"), At("2027-01-05T15:30+01:00"));
        Assert.Equal(BerlinOffice.Between(from, to), calendar.Between(from, to));
        Assert.Equal(BerlinOffice.Between(At("2026-06-12T10:00+02:00"), At("2026-06-16T10:00+02:00")),
            calendar.Between(At("2026-06-12T10:00+02:00"), At("2026-06-16T10:00+02:00")));
    }

    [Fact]
    public void A_named_day_wins_over_its_group()
    {
        var calendar = Valid("""
            calendars:
              - key: shop
                name: Shop
                time-zone: UTC
                hours:
                  friday: 08:00-15:00
                  weekdays: 08:00-17:00
                  sunday: closed
                  every-day: 10:00-14:00
            """).Calendars[0];

        Assert.Equal([WorkingInterval.Parse("08:00-15:00")], calendar.HoursOn(new DateOnly(2026, 3, 6)));  // Friday
        Assert.Equal([WorkingInterval.Parse("08:00-17:00")], calendar.HoursOn(new DateOnly(2026, 3, 5)));  // Thursday
        Assert.Equal([WorkingInterval.Parse("10:00-14:00")], calendar.HoursOn(new DateOnly(2026, 3, 7)));  // Saturday
        Assert.Empty(calendar.HoursOn(new DateOnly(2026, 3, 8)));                                           // Sunday
    }

    [Fact]
    public void An_agreement_reads_with_all_its_parts()
    {
        var agreement = Valid("""
            calendars:
              - {key: office, name: Office, time-zone: Europe/Berlin, hours: {weekdays: 09:00-17:00}}
            agreements:
              - key: ola-network
                name: Network team
                kind: OLA
                party: network
                applies-to: {services: [email, vpn], customers: acme, demand: [incident], priorities: [critical, high]}
                calendar: office
                targets:
                  - name: fix
                    start: {event: step-entered, team: network}
                    stop: [{event: step-left, team: network}, cancelled]
                    resume: [reopened, {event: step-waiting, reason: customer}]
                    duration: {critical: 1h, high: 2h, medium: 4h, low: 1d}
                    calendar: 24x7
                    pause: {waiting-for: [supplier, change], steps: [await-parts], delivered: true}
                    warn-at: [50, 75%]
                    escalations:
                      - {at: 100, notify: duty-manager}
                      - {at: 120, raise-priority: critical}
                      - {at: 150, reassign: major-incident}
            """).Agreements[0];

        Assert.Equal((AgreementKind.Ola, "network", "office"), (agreement.Kind, agreement.Party, agreement.CalendarKey));
        Assert.Equal(["email", "vpn"], agreement.AppliesTo.Services!);
        Assert.Equal(["acme"], agreement.AppliesTo.Customers!);
        Assert.Equal([Priority.Critical, Priority.High], agreement.AppliesTo.Priorities!);
        var target = Assert.Single(agreement.Targets);
        Assert.Equal(new SpanCondition("step-entered", Team: "network"), Assert.Single(target.Start));
        Assert.Equal([new SpanCondition("step-left", Team: "network"), new SpanCondition("cancelled")], target.Stop);
        Assert.Equal(new SpanCondition("step-waiting", Reason: WaitReason.Customer), target.Resume![1]);
        Assert.Equal(TimeSpan.FromDays(1), target.Durations[Priority.Low]);
        Assert.Equal("24x7", target.CalendarKey);
        Assert.Equal([WaitReason.Supplier, WaitReason.Change], target.Pause!.WaitingFor!);
        Assert.Equal(["await-parts"], target.Pause.Steps!);
        Assert.True(target.Pause.Delivered);
        Assert.Equal([50, 75], target.WarnAt!);
        Assert.Equal(
            [new Escalation(100, EscalationAction.Notify, "duty-manager"), new Escalation(120, EscalationAction.RaisePriority, "critical"), new Escalation(150, EscalationAction.Reassign, "major-incident")],
            target.Escalations!);
    }

    [Fact]
    public void One_duration_stands_for_every_priority()
    {
        var target = Valid("""
            agreements:
              - {key: sla-all, name: All, kind: sla, targets: [{name: resolution, start: demand-opened, stop: delivered, duration: 1d4h}]}
            """).Agreements[0].Targets[0];

        Assert.All(Enum.GetValues<Priority>(), p => Assert.Equal(TimeSpan.FromHours(28), target.Durations[p]));
    }

    [Theory]
    [InlineData("calendars: [", 2, 1, "", "Not valid YAML")]
    [InlineData("- just\n- a list", 1, 1, "", "a mapping with calendars and agreements")]
    [InlineData("calendar: []", 1, 1, "calendar", "Unknown field 'calendar'")]
    [InlineData("calendars:\n  - {key: c, name: C, time-zone: Europe/Atlantis, hours: {weekdays: 09:00-17:00}}", 2, 34, "calendars[0].time-zone", "Unknown time zone 'Europe/Atlantis'")]
    [InlineData("calendars:\n  - {key: c, name: C, time-zone: UTC, hours: {weekdays: 9-17}}", 2, 57, "calendars[0].hours.weekdays[0]", "'9-17' is not an interval")]
    [InlineData("calendars:\n  - {key: c, name: C, time-zone: UTC, hours: {weekdays: [09:00-13:00, 12:00-17:00]}}", 2, 71, "calendars[0].hours.monday[1]", "overlaps")]
    [InlineData("calendars:\n  - {key: c, name: C, time-zone: UTC, hours: {someday: 09:00-17:00}}", 2, 47, "calendars[0].hours.someday", "Unknown field 'someday'")]
    [InlineData("calendars:\n  - {key: c, name: C, time-zone: UTC, hours: {weekdays: closed}}", 2, 46, "calendars[0].hours", "never open")]
    [InlineData("calendars:\n  - {key: c, name: C, time-zone: UTC, hours: {weekdays: 09:00-17:00}, holidays: [12/25]}", 2, 82, "calendars[0].holidays[0].date", "'12/25' is not a holiday date")]
    [InlineData("calendars:\n  - {key: c, name: C, time-zone: UTC, hours: {weekdays: 09:00-17:00}, holidays: [02-30]}", 2, 82, "calendars[0].holidays[0].date", "02-30 is not a date")]
    [InlineData("calendars:\n  - {key: c, name: C, time-zone: UTC, hours: {weekdays: 09:00-17:00}, exceptions: [{date: 2026-12-24}]}", 2, 84, "calendars[0].exceptions[0].hours", "Give the exception's hours")]
    [InlineData("calendars:\n  - {name: C, time-zone: UTC, hours: {weekdays: 09:00-17:00}}", 2, 5, "calendars[0].key", "needs a key")]
    [InlineData("agreements:\n  - {key: a, name: A, kind: xla, targets: []}", 2, 29, "agreements[0].kind", "Unknown kind of agreement 'xla'. Use one of: sla, ola, uc.")]
    [InlineData("agreements:\n  - {key: a, name: A, kind: ola, targets: [{name: t, start: demand-opened, stop: delivered, duration: 1h}]}", 2, 5, "agreements[0].party", "An OLA is with an internal team")]
    [InlineData("agreements:\n  - {key: a, name: A, kind: sla, calendar: paris, targets: [{name: t, start: demand-opened, stop: delivered, duration: 1h}]}", 2, 44, "agreements[0].calendar", "Unknown calendar 'paris'")]
    [InlineData("agreements:\n  - {key: a, name: A, kind: sla, applies-to: {demand: [incidents]}, targets: [{name: t, start: demand-opened, stop: delivered, duration: 1h}]}", 2, 56, "agreements[0].applies-to.demand[0]", "Unknown demand type 'incidents'")]
    [InlineData("agreements:\n  - {key: a, name: A, kind: sla, applies-to: {priorities: [urgent]}, targets: [{name: t, start: demand-opened, stop: delivered, duration: 1h}]}", 2, 60, "agreements[0].applies-to.priorities[0]", "Unknown priority 'urgent'")]
    [InlineData("agreements:\n  - {key: a, name: A, kind: sla, targets: [{name: t, start: ticket-opened, stop: delivered, duration: 1h}]}", 2, 61, "agreements[0].targets[0].start[0].event", "Unknown event 'ticket-opened'")]
    [InlineData("agreements:\n  - {key: a, name: A, kind: sla, targets: [{name: t, start: demand-opened, stop: delivered, duration: 4 hours}]}", 2, 103, "agreements[0].targets[0].duration", "'4 hours' is not a positive duration")]
    [InlineData("agreements:\n  - {key: a, name: A, kind: sla, targets: [{name: t, start: demand-opened, stop: delivered, duration: {critical: 1h, high: 2h, medium: 4h}}]}", 2, 103, "agreements[0].targets[0].duration.low", "Give a duration for low priority")]
    [InlineData("agreements:\n  - {key: a, name: A, kind: sla, targets: [{name: t, start: demand-opened, stop: delivered, duration: {urgent: 1h}}]}", 2, 104, "agreements[0].targets[0].duration.urgent", "Unknown field 'urgent'")]
    [InlineData("agreements:\n  - {key: a, name: A, kind: sla, targets: [{name: t, start: demand-opened, stop: delivered, duration: 1h, warn-at: [120]}]}", 2, 117, "agreements[0].targets[0].warn-at[0]", "120 is not a percentage from 1 to 99")]
    [InlineData("agreements:\n  - {key: a, name: A, kind: sla, targets: [{name: t, start: demand-opened, stop: delivered, duration: 1h, pause: {waiting-for: [godot]}}]}", 2, 129, "agreements[0].targets[0].pause.waiting-for[0]", "Unknown wait reason 'godot'")]
    [InlineData("agreements:\n  - {key: a, name: A, kind: sla, targets: [{name: t, start: demand-opened, stop: delivered, duration: 1h, escalations: [{at: 100, notify: x, reassign: y}]}]}", 2, 121, "agreements[0].targets[0].escalations[0]", "does one thing")]
    [InlineData("agreements:\n  - {key: a, name: A, kind: sla, targets: [{name: t, start: {step: fix}, stop: delivered, duration: 1h}]}", 2, 61, "agreements[0].targets[0].start[0].event", "names its event")]
    [InlineData("agreements:\n  - key: a\n    key: b\n    name: A\n    kind: sla\n    targets: []", 3, 5, "agreements[0].key", "given twice")]
    public void Bad_input_is_reported_where_it_is_written(string yaml, int line, int column, string path, string message)
    {
        var result = AgreementReader.Read(yaml);

        Assert.False(result.IsValid);
        Assert.Null(result.Set);
        var error = result.Errors.FirstOrDefault(e => e.Path == path);
        Assert.True(error is not null, $"Expected an error at {path}; got: {string.Join("; ", result.Errors)}");
        Assert.Equal(new SourceLocation(line, column), error.Location);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agreement_that_cannot_be_read_is_not_also_reported_by_the_rules()
    {
        // The unknown kind makes the rules' view of this agreement meaningless (an "SLA" with a party): one error only.
        var result = AgreementReader.Read("""
            agreements:
              - {key: a, name: A, kind: xla, party: acme, targets: [{name: t, start: demand-opened, stop: delivered, duration: 1h}]}
            """);

        Assert.Equal("agreements[0].kind", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_in_the_order_of_the_file()
    {
        var result = AgreementReader.Read("""
            calendars:
              - {key: c, name: C, time-zone: Mars/Olympus, hours: {weekdays: 09:00-17:00}}
            agreements:
              - {key: a, name: A, kind: sla, calendar: nowhere, targets: [{name: t, start: demand-opened, stop: delivered, duration: 1h}]}
              - {key: b, name: B, kind: uc, targets: [{name: t, start: demand-opened, stop: delivered, duration: soon}]}
            """);

        Assert.Equal(
            ["calendars[0].time-zone", "agreements[0].calendar", "agreements[1].targets[0].duration"],
            result.Errors.Select(e => e.Path));
    }

    private static AgreementSet Valid(string yaml)
    {
        var result = AgreementReader.Read(yaml);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Set!;
    }
}
