using Microsoft.EntityFrameworkCore;
using ValueChain.Data.Engage;
using ValueChain.Data.Storage;
using ValueChain.Improve.Metrics;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Improve;

/// <summary>
/// Service level compliance over a period: the clocks of every work item open at some point of it, evaluated from
/// their events as of the period's end against the agreements in force, and counted by <see cref="ServiceLevelCompliance"/>.
/// </summary>
public sealed class ComplianceQueries(ValueChainDbContext db, ItemClockReader reader, TimeProvider clock)
{
    /// <summary>
    /// The compliance of the items <paramref name="filter"/> takes by value stream, service and demand type; its team
    /// and activity narrow the clocks to those attributed to them.
    /// </summary>
    public async Task<ComplianceReport> ReportAsync(MetricsPeriod period, MetricsFilter filter, CancellationToken cancellationToken = default)
    {
        var asOf = period.To < clock.GetUtcNow() ? period.To : clock.GetUtcNow();
        var results = new List<ClockResult>();
        await foreach (var item in reader.ReadAsync(Items(period, filter), asOf, cancellationToken: cancellationToken))
        {
            foreach (var itemClock in item.Clocks)
            {
                if (ServiceLevelCompliance.Classify(item.WorkItemId, itemClock, item.Events, period, item.Service, item.Customer) is { } result
                    && (filter.Team is null || result.Team == filter.Team)
                    && (filter.Activity is null || result.Activity == filter.Activity))
                {
                    results.Add(result);
                }
            }
        }

        return ServiceLevelCompliance.Calculate(period, results);
    }

    /// <summary>
    /// Items opened before the period ends and not closed before it begins: a clock is decided no later than its item
    /// closes, so no other item can have one decided in the period or open at its end.
    /// </summary>
    private IQueryable<WorkItem> Items(MetricsPeriod period, MetricsFilter filter) =>
        db.WorkItems.AsNoTracking()
            .Where(w => w.CreatedAt < period.To && (w.ClosedAt == null || w.ClosedAt >= period.From))
            .OfStreamServiceAndType(filter);
}
