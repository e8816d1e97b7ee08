using ValueChain.Engage.Agreements;
using ValueChain.ServiceValueSystem;

namespace ValueChain.Improve.Metrics;

/// <summary>How a service level clock counts in a period.</summary>
public enum ClockOutcome
{
    /// <summary>Stopped within its target during the period.</summary>
    Met,
    /// <summary>Passed its due instant during the period.</summary>
    Breached,
    /// <summary>Still counting (or paused) at the end of the period, not yet breached.</summary>
    Open,
}

/// <summary>
/// One clock of one work item that counts in a period, with what it is attributed to: the item's service and customer,
/// and the team (and activity) answerable for it. An OLA's team is its party. Otherwise a met clock belongs to the
/// team whose event stopped it, and a breached or open clock to the team holding the work at that instant.
/// </summary>
public sealed record ClockResult(
    long WorkItemId,
    ClockKey Clock,
    string? Agreement,
    ClockOutcome Outcome,
    DateTimeOffset? DecidedAt,
    TimeSpan Elapsed,
    TimeSpan Duration,
    bool Warned,
    string? Service,
    string? Customer,
    string? Team,
    ValueChainActivity? Activity);

/// <summary>
/// Clocks of one group: how many were met and breached in the period, and how many were still open at its end (at risk
/// when past a warning).
/// </summary>
public sealed record ComplianceGroup(string Key, int Met, int Breached, int Open, int AtRisk)
{
    /// <summary>Met ÷ (met + breached); null when nothing was decided.</summary>
    public double? Compliance => Met + Breached == 0 ? null : (double)Met / (Met + Breached);
}

/// <summary>Service level compliance in a period, overall and per clock, agreement, service, customer and team.</summary>
public sealed record ComplianceReport(
    MetricsPeriod Period,
    ComplianceGroup Overall,
    IReadOnlyList<ComplianceGroup> Clocks,
    IReadOnlyList<ComplianceGroup> Agreements,
    IReadOnlyList<ComplianceGroup> Services,
    IReadOnlyList<ComplianceGroup> Customers,
    IReadOnlyList<ComplianceGroup> Teams,
    IReadOnlyList<ClockResult> Breaches);

/// <summary>
/// Turns the clocks of work items, evaluated as of the end of a period, into compliance figures. A clock counts once:
/// as met in the period it stopped in, as breached in the period it fell due in, or as open at the end of the period.
/// </summary>
public static class ServiceLevelCompliance
{
    /// <summary>The group key of clocks without a service, customer or team.</summary>
    public const string None = "none";

    /// <summary>
    /// How <paramref name="clock"/> counts in <paramref name="period"/>, or null when it does not (not started, cancelled
    /// or withdrawn, or decided outside the period). <paramref name="events"/> are the item's clock events, in order.
    /// </summary>
    public static ClockResult? Classify(
        long workItemId, ItemClock clock, IReadOnlyList<ClockEvent> events, MetricsPeriod period, string? service, string? customer)
    {
        var status = clock.Status;
        (ClockOutcome Outcome, DateTimeOffset? At)? counted = status.State switch
        {
            ClockState.Met when status.StoppedAt is { } stopped && Within(period, stopped) => (ClockOutcome.Met, stopped),
            ClockState.Breached when status.BreachedAt is { } breached && Within(period, breached) => (ClockOutcome.Breached, breached),
            ClockState.Running or ClockState.Paused => (ClockOutcome.Open, null),
            _ => null,
        };
        if (counted is not { } result)
        {
            return null;
        }

        var step = result.Outcome == ClockOutcome.Met ? Acting(events, result.At!.Value) : Holding(events, result.At ?? period.To);
        var team = clock.Key.Kind == AgreementKind.Ola ? clock.Key.Party : step?.Team;
        return new ClockResult(
            workItemId, clock.Key, status.AgreementKey, result.Outcome, result.At, status.Elapsed, status.Duration,
            status.WarningsReached.Count > 0, service, customer, team, step?.Activity);
    }

    public static ComplianceReport Calculate(MetricsPeriod period, IEnumerable<ClockResult> results, int breachesListed = 50)
    {
        var all = results.ToList();
        return new ComplianceReport(
            period,
            Group("all", all),
            GroupBy(all, r => r.Clock.ToString()),
            GroupBy(all, r => r.Agreement),
            GroupBy(all, r => r.Service),
            GroupBy(all, r => r.Customer),
            GroupBy(all, r => r.Team),
            [.. all.Where(r => r.Outcome == ClockOutcome.Breached).OrderByDescending(r => r.DecidedAt).ThenBy(r => r.WorkItemId).Take(breachesListed)]);
    }

    private static bool Within(MetricsPeriod period, DateTimeOffset at) => at >= period.From && at < period.To;

    /// <summary>The step of the last event at or before <paramref name="at"/>: the one whose work produced it.</summary>
    private static StepRef? Acting(IReadOnlyList<ClockEvent> events, DateTimeOffset at) =>
        events.LastOrDefault(e => e.OccurredAt <= at && e.Step is not null)?.Step;

    /// <summary>The step the work was at, at <paramref name="at"/>: where the last move before it took the work.</summary>
    private static StepRef? Holding(IReadOnlyList<ClockEvent> events, DateTimeOffset at)
    {
        var last = events.LastOrDefault(e => e.OccurredAt <= at && e.Step is not null);
        return last?.Next ?? last?.Step;
    }

    private static List<ComplianceGroup> GroupBy(List<ClockResult> results, Func<ClockResult, string?> key) =>
        [.. results.GroupBy(r => key(r) ?? None, StringComparer.Ordinal)
            .Select(g => Group(g.Key, g))
            .OrderBy(g => g.Compliance ?? 2)
            .ThenBy(g => g.Key, StringComparer.Ordinal)];

    private static ComplianceGroup Group(string key, IEnumerable<ClockResult> results)
    {
        int met = 0, breached = 0, open = 0, atRisk = 0;
        foreach (var result in results)
        {
            switch (result.Outcome)
            {
                case ClockOutcome.Met:
                    met++;
                    break;
                case ClockOutcome.Breached:
                    breached++;
                    break;
                default:
                    open++;
                    atRisk += result.Warned ? 1 : 0;
                    break;
            }
        }

        return new ComplianceGroup(key, met, breached, open, atRisk);
    }
}
