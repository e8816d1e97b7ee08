using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ValueChain.Common;
using ValueChain.Data.Storage;
using ValueChain.Data.ValueStreams;
using ValueChain.Improve.Import;
using ValueChain.Improve.Mining;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Improve.Import;

/// <summary>A mapping checked against the database: its stream exists in a published version and its services too.</summary>
public sealed record HistoryImportPlan(HistoryMapping Mapping, ValueStreamDefinition Stream, int StreamVersion, IReadOnlySet<string> Services);

/// <summary>How far an import got: rows staged while reading, then work items written.</summary>
public sealed record HistoryImportProgress(long RowsRead, long CasesWritten, long EventsWritten);

/// <summary>What an import wrote, once committed.</summary>
public sealed record HistoryImportResult(long WorkItems, long Events, long RowsIgnored, long RowsSkipped, TimeSpan Reading, TimeSpan Writing);

/// <summary>A case whose history cannot become a work item; the whole import is rolled back.</summary>
public sealed class HistoryReplayException(string message) : Exception(message);

/// <summary>
/// Imports an event log as work items of a published value stream, all or nothing. Pass 1 streams the events into a
/// temporary SQLite file (never the whole log in memory), rejecting rows the mapping cannot place; pass 2 reads them
/// back by case and time and writes each case's rebuilt work item with the bulk writer (see <see cref="WorkItemBulkWriter"/>) inside one transaction on the
/// target database, so a failure or cancellation leaves nothing of the import behind.
/// </summary>
public sealed class HistoryImport(ValueChainDbContext db, ValueStreamCatalog catalog)
{
    /// <summary>The longest actor name an event keeps.</summary>
    private const int MaxActorLength = 200;

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>How many work items are written between two progress reports.</summary>
    public int ProgressCases { get; init; } = 2000;

    /// <summary>Where the staging file goes; the system's temporary folder by default.</summary>
    public string? StagingFolder { get; init; }

    /// <summary>Checks the mapping against the database: the stream it names, its steps and demand type, the services.</summary>
    public async Task<Result<HistoryImportPlan>> PlanAsync(HistoryMapping mapping, CancellationToken cancellationToken = default)
    {
        var revision = await catalog.LatestAsync(mapping.ValueStream, cancellationToken);
        if (revision is null)
        {
            var published = (await catalog.LatestOfEachAsync(cancellationToken)).Select(s => s.Key).ToList();
            return DomainError.NotFound("value-stream-not-found",
                $"{mapping.ValueStreamLocation}: value-stream: There is no published value stream '{mapping.ValueStream}'. "
                + (published.Count == 0 ? "Nothing is published yet." : $"Published: {string.Join(", ", published)}."));
        }

        var stream = DefinitionCache.Get(revision);
        var errors = mapping.Check(stream).Select(e => e.ToString()).ToList();
        var services = (await db.Services.AsNoTracking().Select(s => s.Key).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var wanted = mapping.Service is { } service ? (service.Fixed is { } one ? [one] : service.Values.Values.Distinct()) : [];
        foreach (var key in wanted.Where(k => !services.Contains(k)))
        {
            errors.Add($"service: There is no service '{key}' in the portfolio.");
        }

        return errors.Count > 0
            ? DomainError.Validation("mapping-does-not-fit", string.Join(Environment.NewLine, errors))
            : new HistoryImportPlan(mapping, stream, revision.Version, services);
    }

    /// <summary>
    /// Imports <paramref name="events"/>. Rows the mapping rejects, and history a closed item cannot take, are added to
    /// <paramref name="report"/> with their line. Throws when cancelled or when a case cannot be replayed, having
    /// written nothing.
    /// </summary>
    public async Task<HistoryImportResult> RunAsync(
        HistoryImportPlan plan, IEnumerable<LogEvent> events, ImportReport report, string channel,
        Action<HistoryImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        await using var staging = await HistoryStaging.CreateAsync(StagingFolder ?? Path.GetTempPath(), plan.Mapping, cancellationToken);
        var ignored = await StageAsync(staging, plan.Mapping, events, report, progress, cancellationToken);
        var reading = clock.Elapsed;

        clock.Restart();
        var (items, written, skipped) = await WriteAsync(staging, plan, report, channel, progress, cancellationToken);
        return new HistoryImportResult(items, written, ignored, skipped, reading, clock.Elapsed);
    }

    private static async Task<long> StageAsync(
        HistoryStaging staging, HistoryMapping mapping, IEnumerable<LogEvent> events, ImportReport report,
        Action<HistoryImportProgress>? progress, CancellationToken cancellationToken)
    {
        var ignored = 0L;
        var next = ProgressEvery;
        var clock = Stopwatch.StartNew();
        foreach (var logEvent in events)
        {
            var rule = mapping.Rule(logEvent.Activity);
            if (rule is null)
            {
                if (mapping.Unmapped == UnmappedActivities.Ignore)
                {
                    ignored++;
                }
                else
                {
                    report.Refuse(logEvent.Line, $"Activity '{logEvent.Activity}' is not in the mapping; map it, or say 'unmapped: ignore'.");
                }

                continue;
            }

            if (rule.Ignored)
            {
                ignored++;
                continue;
            }

            staging.Add(logEvent, rule);
            if ((staging.Count & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (progress is not null && clock.Elapsed >= next)
                {
                    progress(new HistoryImportProgress(report.RowsRead, 0, 0));
                    next = clock.Elapsed + ProgressEvery;
                }
            }
        }

        await staging.SealAsync(cancellationToken);
        progress?.Invoke(new HistoryImportProgress(report.RowsRead, 0, 0));
        return ignored;
    }

    private async Task<(long Items, long Events, long Skipped)> WriteAsync(
        HistoryStaging staging, HistoryImportPlan plan, ImportReport report, string channel,
        Action<HistoryImportProgress>? progress, CancellationToken cancellationToken)
    {
        var mapping = plan.Mapping;
        var demandType = mapping.DemandTypeFor(plan.Stream);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        using var writer = WorkItemBulkWriter.Create(db);
        long items = 0, written = 0, skipped = 0;
        foreach (var staged in staging.Cases(cancellationToken))
        {
            var first = staged.First;
            var service = mapping.Service?.ValueFor(first) is { } key && plan.Services.Contains(key) ? key : null;
            var demand = new DemandDetails(demandType, mapping.Title(first), null, service,
                Cut(mapping.Requester?.ValueFor(first), 200), mapping.PriorityFor(first), channel);
            var replayed = WorkItem.FromHistory(plan.Stream, plan.StreamVersion, demand, staged.History);
            if (!replayed.IsSuccess)
            {
                throw new HistoryReplayException(string.Create(CultureInfo.InvariantCulture,
                    $"Case '{first.CaseId}' (line {first.Line}) cannot become a work item: {replayed.Error!.Message}"));
            }

            foreach (var skip in replayed.Value.Skipped)
            {
                report.Refuse(staged.Lines[skip.Index], $"Case '{first.CaseId}': {skip.Reason}");
                skipped++;
            }

            await writer.WriteAsync(replayed.Value.Item, replayed.Value.Events, cancellationToken);
            items++;
            written += replayed.Value.Events.Count;
            if (items % ProgressCases == 0)
            {
                progress?.Invoke(new HistoryImportProgress(report.RowsRead, items, written));
            }
        }

        await writer.FlushAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        progress?.Invoke(new HistoryImportProgress(report.RowsRead, items, written));
        return (items, written, skipped);
    }

    /// <summary>Who an event is by: the source's resource, cut to what storage keeps.</summary>
    internal static string? Actor(string? resource) => string.IsNullOrWhiteSpace(resource) ? null : Cut(resource.Trim(), MaxActorLength);

    private static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
