using ValueChain.Improve.Metrics;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Improve;

/// <summary>How the metrics queries narrow work items by a <see cref="MetricsFilter"/>.</summary>
internal static class MetricsFilters
{
    /// <summary>The items of the filter's value stream, service and demand type; its team and activity are left to the caller.</summary>
    public static IQueryable<WorkItem> OfStreamServiceAndType(this IQueryable<WorkItem> items, MetricsFilter filter)
    {
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
}
