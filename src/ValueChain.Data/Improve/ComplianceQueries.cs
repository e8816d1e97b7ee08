using Microsoft.EntityFrameworkCore;
using ValueChain.Data.Engage;
using ValueChain.Data.Storage;
using ValueChain.Data.ValueStreams;
using ValueChain.Engage;
using ValueChain.Engage.Agreements;
using ValueChain.Improve.Metrics;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Improve;

/// <summary>
/// Service level compliance over a period: the clocks of every work item open at some point of it, evaluated from
/// their events as of the period's end against the agreements in force, and counted by <see cref="ServiceLevelCompliance"/>.
/// </summary>
public sealed class ComplianceQueries(ValueChainDbContext db, ServiceLevels levels, ValueStreamCatalog catalog, TimeProvider clock)
{
    /// <summary>How many work items' events are read at a time.</summary>
    private const int Batch = 500;

    /// <summary>
    /// The compliance of the items <paramref name="filter"/> takes by value stream, service and demand type; its team
    /// and activity narrow the clocks to those attributed to them.
    /// </summary>
    public async Task<ComplianceReport> ReportAsync(MetricsPeriod period, MetricsFilter filter, CancellationToken cancellationToken = default)
    {
        var versions = await levels.VersionsAsync(cancellationToken);
        if (versions.Count == 0)
        {
            return ServiceLevelCompliance.Calculate(period, []);
        }

        var asOf = period.To < clock.GetUtcNow() ? period.To : clock.GetUtcNow();
        var customers = await CustomersAsync(cancellationToken);
        // No clock runs before the first agreements took effect, so work closed before then has none.
        var firstInForce = versions[0].EffectiveFrom;
        var items = await Items(period, filter)
            .Where(w => w.ClosedAt == null || w.ClosedAt >= firstInForce)
            .Select(w => new { w.Id, w.ValueStreamKey, w.ValueStreamVersion, w.DemandType, w.ServiceKey, w.Requester })
            .OrderBy(w => w.Id)
            .ToListAsync(cancellationToken);

        var streams = new Dictionary<(string, int), ValueStreamDefinition>();
        var results = new List<ClockResult>();
        foreach (var chunk in items.Chunk(Batch))
        {
            var ids = chunk.Select(i => i.Id).ToList();
            var events = (await db.Events.AsNoTracking()
                    .Where(e => ids.Contains(e.WorkItemId) && e.OccurredAt <= asOf)
                    .OrderBy(e => e.WorkItemId).ThenBy(e => e.Sequence)
                    .ToListAsync(cancellationToken))
                .GroupBy(e => e.WorkItemId)
                .ToDictionary(g => g.Key, g => g.ToList());
            foreach (var item in chunk)
            {
                if (!events.TryGetValue(item.Id, out var stored))
                {
                    continue;
                }

                if (!streams.TryGetValue((item.ValueStreamKey, item.ValueStreamVersion), out var stream))
                {
                    stream = await catalog.DefinitionAsync(item.ValueStreamKey, item.ValueStreamVersion, cancellationToken);
                    streams[(item.ValueStreamKey, item.ValueStreamVersion)] = stream;
                }

                var replayed = stored.Select(e => ClockEvent.From(e, stream)).ToList();
                var customer = item.Requester is null ? null : customers.GetValueOrDefault(item.Requester);
                var subject = new AgreementSubject(item.DemandType, item.ServiceKey, customer);
                foreach (var itemClock in AgreementClocks.Evaluate(versions, subject, replayed, asOf))
                {
                    if (ServiceLevelCompliance.Classify(item.Id, itemClock, replayed, period, item.ServiceKey, customer) is { } result
                        && (filter.Team is null || result.Team == filter.Team)
                        && (filter.Activity is null || result.Activity == filter.Activity))
                    {
                        results.Add(result);
                    }
                }
            }
        }

        return ServiceLevelCompliance.Calculate(period, results);
    }

    /// <summary>
    /// Items opened before the period ends and not closed before it begins: a clock is decided no later than its item
    /// closes, so no other item can have one decided in the period or open at its end.
    /// </summary>
    private IQueryable<WorkItem> Items(MetricsPeriod period, MetricsFilter filter)
    {
        var items = db.WorkItems.AsNoTracking().Where(w => w.CreatedAt < period.To && (w.ClosedAt == null || w.ClosedAt >= period.From));
        if (filter.ValueStream is { } stream)
        {
            items = items.Where(w => w.ValueStreamKey == stream);
        }

        if (filter.Service is { } service)
        {
            items = items.Where(w => w.ServiceKey == service);
        }

        if (filter.DemandType is { } type)
        {
            var lower = type.ToLowerInvariant();
            items = items.Where(w => w.DemandType == lower);
        }

        return items;
    }

    /// <summary>Requester → the customer they belong to: the customer stakeholder named as their organization.</summary>
    private async Task<Dictionary<string, string>> CustomersAsync(CancellationToken cancellationToken)
    {
        var stakeholders = await db.Stakeholders.AsNoTracking().Select(s => new { s.Key, s.Name, s.Kind, s.Organization }).ToListAsync(cancellationToken);
        var customers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var customer in stakeholders.Where(s => s.Kind == StakeholderKind.Customer))
        {
            customers.TryAdd(customer.Name, customer.Key);
            customers.TryAdd(customer.Key, customer.Key);
        }

        var byRequester = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var person in stakeholders.Where(s => s.Organization is not null))
        {
            if (customers.TryGetValue(person.Organization!, out var key))
            {
                byRequester[person.Key] = key;
            }
        }

        return byRequester;
    }
}
