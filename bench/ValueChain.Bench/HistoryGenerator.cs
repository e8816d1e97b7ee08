using ValueChain.Engage;
using ValueChain.Improve.Metrics;
using ValueChain.Improve.Mining;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Bench;

/// <summary>One generated work item: its flow history and its events, as ValueChain's own log records them.</summary>
internal sealed record GeneratedItem(FlowItem Flow, IReadOnlyList<LogEvent> Events);

/// <summary>
/// A reproducible history of an IT organization: work items on six value streams of four to six steps, spread evenly
/// over three years, each walking its stream's steps with some rework (a step sent back one step), waits at a quarter
/// of the steps for one of six reasons, queue and work times drawn from exponential distributions, and most delivered
/// work confirmed with a rating. Work still under way at <see cref="Now"/> is cut there. Times are whole seconds, so
/// every engine sees the same instants. The log has an event when an item is opened, when a step is done, when a wait
/// begins and ends, when the item is delivered and when its value is confirmed: about ten per item.
/// </summary>
internal sealed class HistoryGenerator(int seed)
{
    public static readonly DateTimeOffset Now = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Start = Now.AddYears(-3);

    private static readonly WaitReason[] Reasons = [WaitReason.Customer, WaitReason.Supplier, WaitReason.Approval, WaitReason.Change, WaitReason.Schedule, WaitReason.Information];

    public static IReadOnlyList<Stream> Streams { get; } =
    [
        new("restore-service", "incident", [
            new("log-and-triage", ValueChainActivity.Engage, "service-desk"),
            new("diagnose-and-restore", ValueChainActivity.DeliverAndSupport, "infrastructure"),
            new("confirm-with-user", ValueChainActivity.Engage, "service-desk"),
            new("review-incident", ValueChainActivity.Improve, "service-management-office")]),
        new("fulfil-service-request", "service-request", [
            new("log-request", ValueChainActivity.Engage, "service-desk"),
            new("approve-request", ValueChainActivity.Engage, "service-owners"),
            new("fulfil-request", ValueChainActivity.DeliverAndSupport, "workplace"),
            new("confirm-fulfilment", ValueChainActivity.Engage, "service-desk")]),
        new("deliver-change", "change-request", [
            new("register-change", ValueChainActivity.Engage, "change-management"),
            new("assess-and-authorize", ValueChainActivity.DesignAndTransition, "change-management"),
            new("build-change", ValueChainActivity.ObtainBuild, "development"),
            new("release-change", ValueChainActivity.DesignAndTransition, "release-management"),
            new("verify-in-production", ValueChainActivity.DeliverAndSupport, "infrastructure")]),
        new("launch-new-service", "new-service", [
            new("assess-opportunity", ValueChainActivity.Plan, "portfolio"),
            new("shape-with-customer", ValueChainActivity.Engage, "relationship-management"),
            new("design-service", ValueChainActivity.DesignAndTransition, "architecture"),
            new("build-components", ValueChainActivity.ObtainBuild, "development"),
            new("validate-and-release", ValueChainActivity.DesignAndTransition, "release-management"),
            new("operate-early-life", ValueChainActivity.DeliverAndSupport, "infrastructure")]),
        new("onboard-supplier-component", "supplier-request", [
            new("agree-with-supplier", ValueChainActivity.Engage, "procurement"),
            new("procure-component", ValueChainActivity.ObtainBuild, "procurement"),
            new("configure-component", ValueChainActivity.ObtainBuild, "infrastructure"),
            new("transition-component", ValueChainActivity.DesignAndTransition, "release-management")]),
        new("run-improvement-initiative", "improvement-idea", [
            new("register-idea", ValueChainActivity.Improve, "service-management-office"),
            new("assess-current-state", ValueChainActivity.Improve, "service-management-office"),
            new("plan-iterations", ValueChainActivity.Improve, "service-management-office"),
            new("take-action", ValueChainActivity.ObtainBuild, "development"),
            new("check-results", ValueChainActivity.Improve, "service-management-office")]),
    ];

    // Incidents and requests are most of the demand, as on any service desk.
    private static readonly double[] StreamWeights = [0.45, 0.30, 0.12, 0.03, 0.04, 0.06];

    private readonly Random _random = new(seed);

    public IEnumerable<GeneratedItem> Generate(int count)
    {
        var span = (long)(Now - Start).TotalSeconds;
        for (var id = 1; id <= count; id++)
        {
            var created = Start.AddSeconds((long)(span * ((id - 1 + _random.NextDouble()) / count)));
            yield return Item(id, PickStream(), created);
        }
    }

    private GeneratedItem Item(long id, Stream stream, DateTimeOffset created)
    {
        var visits = new List<FlowVisit>();
        var waits = new List<FlowWait>();
        var events = new List<LogEvent>();
        var caseId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        events.Add(new LogEvent(caseId, "opened", created));

        var at = created;
        var index = 0;
        var cut = false;
        while (index < stream.Steps.Count && !cut)
        {
            var step = stream.Steps[index];
            var entered = at;
            var started = entered.AddSeconds(Seconds(2 * 3600));
            var left = started.AddSeconds(Seconds(6 * 3600) + 60);
            var waited = TimeSpan.Zero;
            (DateTimeOffset From, DateTimeOffset To, WaitReason Reason)? wait = null;
            if (_random.NextDouble() < 0.25)
            {
                var from = started.AddSeconds((long)((left - started).TotalSeconds * _random.NextDouble()));
                var length = Seconds(8 * 3600) + 60;
                wait = (from, from.AddSeconds(length), Reasons[_random.Next(Reasons.Length)]);
                left = left.AddSeconds(length);
            }

            if (left > Now)
            {
                // Still under way: the visit is open, and only what happened before now is recorded.
                cut = true;
                var startedYet = started <= Now ? started : (DateTimeOffset?)null;
                var waitingNow = wait is { } w && w.From <= Now;
                visits.Add(new FlowVisit(step.Key, step.Activity, step.Team, entered, startedYet, null, TimeSpan.Zero, waitingNow ? wait!.Value.From : null));
                if (waitingNow)
                {
                    waits.Add(new FlowWait(step.Key, wait!.Value.Reason, wait.Value.From, wait.Value.To <= Now ? wait.Value.To : null));
                    events.Add(new LogEvent(caseId, step.Wait, wait.Value.From));
                }

                break;
            }

            if (wait is { } done)
            {
                waited = done.To - done.From;
                waits.Add(new FlowWait(step.Key, done.Reason, done.From, done.To));
            }

            visits.Add(new FlowVisit(step.Key, step.Activity, step.Team, entered, started, left, waited, null));
            if (wait is { } recorded)
            {
                events.Add(new LogEvent(caseId, step.Wait, recorded.From));
                events.Add(new LogEvent(caseId, step.Resume, recorded.To));
            }

            events.Add(new LogEvent(caseId, step.Done, left));
            at = left;
            // One step in twelve is sent back to the one before it for rework.
            index = index > 0 && _random.NextDouble() < 1.0 / 12 ? index - 1 : index + 1;
        }

        DateTimeOffset? delivered = cut ? null : at;
        DateTimeOffset? closed = null;
        int? rating = null;
        var state = cut ? WorkItemState.Active : WorkItemState.Delivered;
        if (delivered is { } d)
        {
            events.Add(new LogEvent(caseId, "delivered", d));
            var confirmedAt = d.AddSeconds(Seconds(24 * 3600) + 60);
            if (_random.NextDouble() < 0.85 && confirmedAt <= Now)
            {
                state = WorkItemState.ValueRealized;
                closed = confirmedAt;
                rating = 1 + _random.Next(5);
                events.Add(new LogEvent(caseId, "value-confirmed", confirmedAt));
            }
        }

        var service = $"service-{_random.Next(40):00}";
        return new GeneratedItem(
            new FlowItem(id, stream.Key, stream.DemandType, service, created, state, delivered, closed, rating, visits, waits),
            events);
    }

    private Stream PickStream()
    {
        var roll = _random.NextDouble();
        for (var i = 0; i < Streams.Count; i++)
        {
            roll -= StreamWeights[i];
            if (roll < 0)
            {
                return Streams[i];
            }
        }

        return Streams[^1];
    }

    /// <summary>An exponentially distributed whole number of seconds with the given mean.</summary>
    private long Seconds(double mean) => (long)(-mean * Math.Log(1 - _random.NextDouble()));

    internal sealed record Stream(string Key, string DemandType, IReadOnlyList<Step> Steps);

    internal sealed record Step(string Key, ValueChainActivity Activity, string Team)
    {
        public string Wait { get; } = Key + " waiting";

        public string Resume { get; } = Key + " resumed";

        public string Done { get; } = Key + " done";
    }
}
