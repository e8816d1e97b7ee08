using System.Globalization;
using ValueChain.Engage;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Bench.Server;

/// <summary>
/// Reproducible work for the server benchmark: work items of the shipped value streams, opened evenly over
/// <see cref="Years"/> years up to a given instant, each replayed through the domain (<see cref="WorkItem.FromHistory"/>)
/// so that items, visits and events are exactly what the engine itself would have stored. Work waits in each step's
/// queue, is worked for about the step's target time, waits for a reason at a quarter of the steps, takes the other
/// ways a step offers one time in eight (rework and escalation loops), and delivered work is confirmed a day or so
/// later; one item in twenty-five is cancelled. Work still under way at the end is left where it is. Titles combine a
/// few hundred words, so that a search word finds from a few hundred to tens of thousands of a million items.
/// </summary>
internal sealed class WorkItemGenerator
{
    public const int Years = 3;

    /// <summary>The demand each stream serves, weighted as on a service desk: incidents and requests are most of it.</summary>
    private static readonly (string Stream, string DemandType, double Weight)[] Mix =
    [
        ("restore-service", "incident", 0.45),
        ("fulfil-service-request", "service-request", 0.30),
        ("deliver-change", "change-request", 0.12),
        ("launch-new-service", "product-idea", 0.03),
        ("onboard-supplier-component", "supplier-request", 0.04),
        ("run-improvement-initiative", "improvement-idea", 0.06),
    ];

    public static readonly string[] Subjects =
    [
        "printer", "vpn", "laptop", "email", "password", "wifi", "monitor", "invoice", "order", "dashboard", "backup", "database",
        "certificate", "badge", "phone", "license", "account", "server", "firewall", "website", "calendar", "teams", "sharepoint",
        "payroll", "warehouse", "scanner", "keyboard", "headset", "docking", "report",
    ];

    private static readonly string[] Problems =
    [
        "not working", "very slow", "error on start", "access needed", "replacement", "cannot connect", "keeps crashing",
        "needs update", "reset requested", "install request", "shows wrong data", "times out", "locked", "missing", "upgrade",
    ];

    private static readonly string[] Places =
    [
        "head office", "Berlin office", "Lyon office", "Madrid office", "warehouse north", "warehouse south", "finance floor",
        "sales floor", "call centre", "data centre", "home office", "training room", "reception", "board room",
    ];

    private static readonly WaitReason[] Reasons = [WaitReason.Customer, WaitReason.Supplier, WaitReason.Approval, WaitReason.Change, WaitReason.Schedule, WaitReason.Information];

    private readonly Random _random;
    private readonly IReadOnlyDictionary<string, (ValueStreamDefinition Definition, int Version)> _streams;
    private readonly IReadOnlyList<string> _services;
    private readonly int _requesters;

    public WorkItemGenerator(int seed, IReadOnlyDictionary<string, (ValueStreamDefinition Definition, int Version)> streams, IReadOnlyList<string> services, int requesters)
    {
        _random = new Random(seed);
        _streams = streams;
        _services = services;
        _requesters = requesters;
    }

    public static IEnumerable<string> StreamKeys => Mix.Select(m => m.Stream);

    public static string Requester(int index) => "user-" + index.ToString("00000", CultureInfo.InvariantCulture);

    /// <summary><paramref name="count"/> items opened in order over the <see cref="Years"/> years before <paramref name="now"/>.</summary>
    public IEnumerable<ReplayedHistory> Generate(int count, DateTimeOffset now)
    {
        var start = now.AddYears(-Years);
        var span = (long)(now - start).TotalSeconds;
        for (var i = 0; i < count; i++)
        {
            var created = start.AddSeconds((long)(span * ((i + _random.NextDouble()) / count)));
            var (streamKey, demandType) = Pick();
            var (stream, version) = _streams[streamKey];
            var demand = new DemandDetails(demandType, Title(), Description(), _services[_random.Next(_services.Count)],
                Requester(_random.Next(_requesters)), (Priority)_random.Next(0, 4), _random.NextDouble() < 0.7 ? "portal" : "email");
            var replayed = WorkItem.FromHistory(stream, version, demand, History(stream, created, now), "generator");
            yield return replayed.IsSuccess
                ? replayed.Value
                : throw new InvalidOperationException($"Generated history of item {i + 1} does not replay: {replayed.Error!.Message}");
        }
    }

    private List<HistoryEvent> History(ValueStreamDefinition stream, DateTimeOffset created, DateTimeOffset now)
    {
        var history = new List<HistoryEvent> { new(HistoryAction.Enter, stream.StartStepKey, created) };
        var at = created;
        var step = stream.Step(stream.StartStepKey);
        var cancelAt = _random.NextDouble() < 0.04 ? _random.Next(0, 3) : -1;
        for (var guard = 0; guard < 12; guard++)
        {
            // Queue, then work; a quarter of the visits wait for someone on the way.
            at = at.AddSeconds(Seconds(2 * 3600));
            if (at > now)
            {
                return history;
            }

            history.Add(new HistoryEvent(HistoryAction.Start, null, at));
            var work = Seconds((step.Target ?? TimeSpan.FromHours(8)).TotalSeconds * 0.6) + 60;
            if (_random.NextDouble() < 0.25)
            {
                var waitAt = at.AddSeconds(work / 2);
                var resumeAt = waitAt.AddSeconds(Seconds(8 * 3600) + 60);
                if (waitAt > now)
                {
                    return history;
                }

                history.Add(new HistoryEvent(HistoryAction.Wait, null, waitAt, Reason: Reasons[_random.Next(Reasons.Length)], Note: "waiting"));
                if (resumeAt > now)
                {
                    return history;
                }

                history.Add(new HistoryEvent(HistoryAction.Start, null, resumeAt));
                at = resumeAt.AddSeconds(work / 2);
            }
            else
            {
                at = at.AddSeconds(work);
            }

            if (at > now)
            {
                return history;
            }

            if (guard == cancelAt)
            {
                history.Add(new HistoryEvent(HistoryAction.Cancel, null, at, Note: "Withdrawn by the requester."));
                return history;
            }

            // The first way on most of the time; the others (a loop back, an escalation, a review) now and then.
            var next = step.Next.Count > 1 && _random.NextDouble() < 1.0 / 8 ? step.Next[1 + _random.Next(step.Next.Count - 1)] : step.Next[0];
            if (next == ValueStreamDefinition.ValueTarget || guard == 11)
            {
                history.Add(new HistoryEvent(HistoryAction.Deliver, null, at));
                var confirmed = at.AddSeconds(Seconds(24 * 3600) + 60);
                if (confirmed <= now)
                {
                    history.Add(new HistoryEvent(HistoryAction.Value, null, confirmed));
                }

                return history;
            }

            history.Add(new HistoryEvent(HistoryAction.Enter, next, at));
            step = stream.Step(next);
        }

        return history;
    }

    private (string Stream, string DemandType) Pick()
    {
        var roll = _random.NextDouble();
        foreach (var (stream, demandType, weight) in Mix)
        {
            roll -= weight;
            if (roll < 0)
            {
                return (stream, demandType);
            }
        }

        return (Mix[^1].Stream, Mix[^1].DemandType);
    }

    public string Title() =>
        $"{Capital(Subjects[_random.Next(Subjects.Length)])} {Problems[_random.Next(Problems.Length)]} at {Places[_random.Next(Places.Length)]}";

    private string? Description() => _random.NextDouble() < 0.5
        ? null
        : $"Reported by phone. Also affects the {Subjects[_random.Next(Subjects.Length)]}; ticket {_random.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture)}.";

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>An exponentially distributed whole number of seconds with the given mean.</summary>
    private long Seconds(double mean) => (long)(-mean * Math.Log(1 - _random.NextDouble()));
}
