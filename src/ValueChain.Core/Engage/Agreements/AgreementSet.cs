using System.Globalization;
using ValueChain.Common;

namespace ValueChain.Engage.Agreements;

/// <summary>Names one clock of a work item: the kind of agreement, its party (for OLAs and UCs) and the target.</summary>
public readonly record struct ClockKey(AgreementKind Kind, string? Party, string Target)
{
    /// <summary><c>sla/resolution</c>, <c>ola/network/resolution</c>: stable while the agreement behind it is replaced.</summary>
    public override string ToString() =>
        Party is null ? $"{Words.Of(Kind)}/{Target}" : $"{Words.Of(Kind)}/{Party}/{Target}";
}

/// <summary>
/// The calendars and agreements an organization keeps, as one definition (the form an agreements file holds).
/// Validate it before use; matching and clocks assume a valid set.
/// </summary>
public sealed record AgreementSet(IReadOnlyList<BusinessCalendar> Calendars, IReadOnlyList<Agreement> Agreements)
{
    public static AgreementSet Empty { get; } = new([], []);

    /// <summary>The calendar with that key; <c>24x7</c> is always there and stands for calendar time.</summary>
    public BusinessCalendar? Calendar(string? key) =>
        key is null or BusinessCalendar.AlwaysOpenKey ? BusinessCalendar.AlwaysOpen : Calendars.FirstOrDefault(c => c.Key == key);

    /// <summary>The calendar a target counts on: its own, else its agreement's, else calendar time.</summary>
    public BusinessCalendar CalendarFor(Agreement agreement, AgreementTarget target) =>
        Calendar(target.CalendarKey ?? agreement.CalendarKey)
        ?? throw new InvalidOperationException($"Agreement '{agreement.Key}' names a calendar this set does not have.");

    /// <summary>
    /// The agreements that govern a work item at <paramref name="priority"/>: of each kind and party, the most specific
    /// one whose scope matches (see <see cref="AgreementScope"/>).
    /// </summary>
    public IReadOnlyList<Agreement> Match(AgreementSubject subject, Priority priority) =>
    [
        .. Agreements
            .Where(a => a.AppliesTo.Matches(subject, priority))
            .GroupBy(a => (a.Kind, a.Party))
            .Select(g => g.OrderByDescending(a => a.AppliesTo.Specificity).ThenBy(a => a.Key, StringComparer.Ordinal).First())
            .OrderBy(a => a.Kind).ThenBy(a => a.Party, StringComparer.Ordinal),
    ];

    /// <summary>Every problem in the set, each with its path as the YAML form spells it (<c>agreements[1].targets[0].duration.high</c>).</summary>
    public IReadOnlyList<AgreementProblem> Validate()
    {
        var problems = new List<AgreementProblem>();
        for (var i = 0; i < Calendars.Count; i++)
        {
            problems.AddRange(Calendars[i].Validate().Select(p => p with { Path = $"calendars[{i}].{p.Path}" }));
            if (Calendars[i].Key == BusinessCalendar.AlwaysOpenKey)
            {
                problems.Add(new($"calendars[{i}].key", "'24x7' is the built-in calendar for calendar time; give this calendar another key."));
            }
            else if (Calendars.Take(i).Any(c => c.Key == Calendars[i].Key))
            {
                problems.Add(new($"calendars[{i}].key", $"Calendar key '{Calendars[i].Key}' is used by an earlier calendar."));
            }
        }

        for (var i = 0; i < Agreements.Count; i++)
        {
            CheckAgreement(problems, $"agreements[{i}]", Agreements[i]);
            if (Agreements.Take(i).Any(a => a.Key == Agreements[i].Key))
            {
                problems.Add(new($"agreements[{i}].key", $"Agreement key '{Agreements[i].Key}' is used by an earlier agreement."));
            }

            foreach (var rival in Agreements.Take(i).Where(a => Ambiguous(a, Agreements[i])))
            {
                problems.Add(new($"agreements[{i}].applies-to",
                    $"Agreements '{rival.Key}' and '{Agreements[i].Key}' can both apply to one work item and are equally specific; narrow one of them or merge them."));
            }
        }

        return problems;
    }

    private static bool Ambiguous(Agreement a, Agreement b) =>
        a.Key != b.Key && a.Kind == b.Kind && string.Equals(a.Party, b.Party, StringComparison.Ordinal)
        && a.AppliesTo.Dimensions == b.AppliesTo.Dimensions && a.AppliesTo.Overlaps(b.AppliesTo);

    private void CheckAgreement(List<AgreementProblem> problems, string path, Agreement agreement)
    {
        if (!Words.IsKebabKey(agreement.Key))
        {
            problems.Add(new($"{path}.key", $"'{agreement.Key}' is not a key: use lowercase letters, digits and single hyphens, e.g. 'sla-gold'."));
        }

        if (string.IsNullOrWhiteSpace(agreement.Name))
        {
            problems.Add(new($"{path}.name", "Give the agreement a name."));
        }

        switch (agreement.Kind, agreement.Party)
        {
            case (AgreementKind.Ola, null):
                problems.Add(new($"{path}.party", "An OLA is with an internal team: name the team as its party."));
                break;
            case (AgreementKind.Uc, null):
                problems.Add(new($"{path}.party", "An underpinning contract is with a supplier: name the supplier as its party."));
                break;
            case (AgreementKind.Sla, not null):
                problems.Add(new($"{path}.party", "An SLA is with customers: name them under applies-to.customers instead of a party."));
                break;
            case (_, { } party) when !Words.IsKebabKey(party):
                problems.Add(new($"{path}.party", $"'{party}' is not a key of a team or supplier."));
                break;
        }

        CheckCalendar(problems, $"{path}.calendar", agreement.CalendarKey);
        var demand = agreement.AppliesTo.DemandTypes ?? [];
        for (var k = 0; k < demand.Count; k++)
        {
            if (Engage.DemandTypes.Find(demand[k]) is null)
            {
                problems.Add(new($"{path}.applies-to.demand[{k}]", $"Unknown demand type '{demand[k]}'. Known types: {Engage.DemandTypes.KeyList}."));
            }
        }

        if (agreement.Targets.Count == 0)
        {
            problems.Add(new($"{path}.targets", "An agreement sets at least one target, e.g. resolution within 8h."));
        }

        for (var j = 0; j < agreement.Targets.Count; j++)
        {
            var target = agreement.Targets[j];
            CheckTarget(problems, $"{path}.targets[{j}]", target);
            if (agreement.Targets.Take(j).Any(t => t.Name == target.Name))
            {
                problems.Add(new($"{path}.targets[{j}].name", $"Target '{target.Name}' is set twice in this agreement."));
            }
        }
    }

    private void CheckCalendar(List<AgreementProblem> problems, string path, string? key)
    {
        if (key is not null && Calendar(key) is null)
        {
            var known = Calendars.Select(c => c.Key).Append(BusinessCalendar.AlwaysOpenKey);
            problems.Add(new(path, $"Unknown calendar '{key}'. Calendars here: {string.Join(", ", known)}."));
        }
    }

    private void CheckTarget(List<AgreementProblem> problems, string path, AgreementTarget target)
    {
        if (!Words.IsKebabKey(target.Name))
        {
            problems.Add(new($"{path}.name", $"'{target.Name}' is not a target name: use lowercase words joined by hyphens, e.g. 'first-response'."));
        }

        CheckConditions(problems, $"{path}.start", target.Start, required: true);
        CheckConditions(problems, $"{path}.stop", target.Stop, required: true);
        CheckConditions(problems, $"{path}.resume", target.Resume ?? [], required: false);
        CheckCalendar(problems, $"{path}.calendar", target.CalendarKey);

        foreach (var priority in Enum.GetValues<Priority>())
        {
            if (!target.Durations.TryGetValue(priority, out var duration))
            {
                problems.Add(new($"{path}.duration.{Words.Of(priority)}", $"Give a duration for {Words.Of(priority)} priority, or one duration for all."));
            }
            else if (duration <= TimeSpan.Zero)
            {
                problems.Add(new($"{path}.duration.{Words.Of(priority)}", "A duration is longer than zero."));
            }
        }

        var warnings = target.WarnAt ?? [];
        for (var k = 0; k < warnings.Count; k++)
        {
            if (warnings[k] is < 1 or > 99)
            {
                problems.Add(new($"{path}.warn-at[{k}]", string.Create(CultureInfo.InvariantCulture,
                    $"A warning comes before the breach: {warnings[k]} is not a percentage from 1 to 99.")));
            }
            else if (warnings.Take(k).Contains(warnings[k]))
            {
                problems.Add(new($"{path}.warn-at[{k}]", string.Create(CultureInfo.InvariantCulture, $"{warnings[k]} % is given twice.")));
            }
        }

        var escalations = target.Escalations ?? [];
        for (var k = 0; k < escalations.Count; k++)
        {
            var escalation = escalations[k];
            if (escalation.AtPercent is < 1 or > 1000)
            {
                problems.Add(new($"{path}.escalations[{k}].at", string.Create(CultureInfo.InvariantCulture,
                    $"{escalation.AtPercent} is not a percentage from 1 to 1000 of the duration (100 is the breach).")));
            }

            if (string.IsNullOrWhiteSpace(escalation.To))
            {
                problems.Add(new($"{path}.escalations[{k}]", "Say whom to notify, which priority to raise to, or which team to reassign to."));
            }
            else if (escalation.Action == EscalationAction.RaisePriority && !Words.TryParse<Priority>(escalation.To, out _))
            {
                problems.Add(new($"{path}.escalations[{k}].raise-priority",
                    $"Unknown priority '{escalation.To}'. Priorities: {Words.List<Priority>()}."));
            }
        }

        var steps = target.Pause?.Steps ?? [];
        for (var k = 0; k < steps.Count; k++)
        {
            if (!Words.IsKebabKey(steps[k]))
            {
                problems.Add(new($"{path}.pause.steps[{k}]", $"'{steps[k]}' is not a step key."));
            }
        }
    }

    private static void CheckConditions(List<AgreementProblem> problems, string path, IReadOnlyList<SpanCondition> conditions, bool required)
    {
        if (required && conditions.Count == 0)
        {
            problems.Add(new(path, $"Name the event that {(path.EndsWith(".start", StringComparison.Ordinal) ? "starts" : "stops")} the clock, e.g. demand-opened or step-started."));
        }

        for (var k = 0; k < conditions.Count; k++)
        {
            var condition = conditions[k];
            if (!ClockEventTypes.All.Contains(condition.Event))
            {
                problems.Add(new($"{path}[{k}].event", $"Unknown event '{condition.Event}'. Events: {string.Join(", ", ClockEventTypes.All)}."));
            }
            else if (condition.Reason is not null && condition.Event is not (ValueStreams.Runs.EventTypes.StepWaiting or ValueStreams.Runs.EventTypes.StepResumed))
            {
                problems.Add(new($"{path}[{k}].reason", "Only step-waiting and step-resumed carry a wait reason."));
            }
        }
    }
}
