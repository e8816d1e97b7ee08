using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ValueChain.Common;
using ValueChain.Data.Storage;
using ValueChain.Engage;
using ValueChain.Improve.Metrics;
using ValueChain.Improve.Mining;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Improve;

/// <summary>
/// Loads the history the flow metrics and process mining need: the work items open at some point of a period, with
/// their visits and their waits (read from the events that began and ended them), in three queries whatever the count.
/// </summary>
public sealed class FlowQueries(ValueChainDbContext db, TimeProvider clock)
{
    /// <summary>The activity that ends a case in ValueChain's own log: the last step was done and value delivered.</summary>
    public const string ValueStreamEnd = "value";

    private const string Waiting = "waiting";

    /// <summary>The flow report of the items <paramref name="filter"/> takes, over <paramref name="period"/>.</summary>
    public async Task<FlowReport> ReportAsync(
        MetricsPeriod period, MetricsFilter filter, MetricsDimension by = MetricsDimension.ValueStream, CancellationToken cancellationToken = default)
    {
        var history = await HistoryAsync(period, filter, cancellationToken);
        return FlowCalculator.Report(history, period, clock.GetUtcNow(), filter, by);
    }

    /// <summary>
    /// Every item opened before the period ends and not closed before it begins, with its visits and waits. The team
    /// and activity filters are applied by the calculator, which also narrows the visits.
    /// </summary>
    public async Task<IReadOnlyList<FlowItem>> HistoryAsync(MetricsPeriod period, MetricsFilter filter, CancellationToken cancellationToken = default)
    {
        // The items first, by id: each of the three ways an item can still be open at the period's start (not closed,
        // closed since, delivered since) is a range of its own index, where one condition with ORs would read the
        // stream's every item. Then the rows of those items only, each table once, with the ids as one parameter (an
        // array or JSON), however many there are, each in id order, so that the visits and waits are streamed into the
        // item they belong to as they arrive. EF Core writes the SQL for either database (all but the visits'), and the
        // rows are read from the data reader straight into what the calculator takes: a quarter of a large stream is a
        // few hundred thousand rows, and materializing them through EF Core's projection cost twice the time and three
        // times the memory of reading them.
        await using var planned = await PlanForKnownItemsAsync(cancellationToken);
        var ids = await OpenIn(period, filter).OrderBy(id => id).ToListAsync(cancellationToken);
        var columns = StoredColumns.Of(db);
        var heads = new List<Head>(ids.Count);
        await ReadAsync(
            db.WorkItems.AsNoTracking()
                .Where(w => EF.Parameter(ids).Contains(w.Id))
                .OrderBy(w => w.Id)
                .Select(w => new { w.Id, w.ValueStreamKey, w.DemandType, w.ServiceKey, w.CreatedAt, w.State, w.DeliveredAt, w.ClosedAt, w.Rating }),
            reader =>
            {
                var (id, stream, type, service, created, state, delivered, closed, rating) = (
                    reader.GetOrdinal("Id"), reader.GetOrdinal("ValueStreamKey"), reader.GetOrdinal("DemandType"), reader.GetOrdinal("ServiceKey"),
                    reader.GetOrdinal("CreatedAt"), reader.GetOrdinal("State"), reader.GetOrdinal("DeliveredAt"), reader.GetOrdinal("ClosedAt"),
                    reader.GetOrdinal("Rating"));
                return () => heads.Add(new Head(
                    reader.GetInt64(id),
                    reader.GetString(stream),
                    reader.GetString(type),
                    reader.IsDBNull(service) ? null : reader.GetString(service),
                    columns.Instant(reader, created),
                    Enum.Parse<WorkItemState>(reader.GetString(state)),
                    columns.OptionalInstant(reader, delivered),
                    columns.OptionalInstant(reader, closed),
                    reader.IsDBNull(rating) ? null : reader.GetInt32(rating)));
            },
            cancellationToken);

        var headIds = heads.ConvertAll(h => h.Id).ToArray();
        var visits = new IReadOnlyList<FlowVisit>[heads.Count];
        var (cursor, current) = (0, -1);
        var ofItem = new List<FlowVisit>();
        await ReadAsync(
            VisitsOf(ids),
            reader =>
            {
                var (id, step, activity, team, entered, started, left, waited, since) = (
                    reader.GetOrdinal("WorkItemId"), reader.GetOrdinal("StepKey"), reader.GetOrdinal("Activity"), reader.GetOrdinal("Team"),
                    reader.GetOrdinal("EnteredAt"), reader.GetOrdinal("StartedAt"), reader.GetOrdinal("LeftAt"), reader.GetOrdinal("Waited"),
                    reader.GetOrdinal("WaitingSince"));
                return () =>
                {
                    var of = reader.GetInt64(id);
                    if (current < 0 || headIds[current] != of)
                    {
                        Flush(visits, current, ofItem);
                        current = Seek(headIds, of, ref cursor);
                    }

                    ofItem.Add(new FlowVisit(
                        reader.GetString(step),
                        Enum.Parse<ValueChainActivity>(reader.GetString(activity)),
                        reader.IsDBNull(team) ? null : reader.GetString(team),
                        columns.Instant(reader, entered),
                        columns.OptionalInstant(reader, started),
                        columns.OptionalInstant(reader, left),
                        TimeSpan.FromTicks(reader.GetInt64(waited)),
                        columns.OptionalInstant(reader, since)));
                };
            },
            cancellationToken);
        Flush(visits, current, ofItem);

        // Only the event that begins a wait says why, in its data; the others are read without theirs.
        var waits = new IReadOnlyList<FlowWait>[heads.Count];
        (cursor, current) = (0, -1);
        var pairing = new WaitPairing();
        await ReadAsync(
            db.Events.AsNoTracking()
                .Where(e => EF.Parameter(ids).Contains(e.WorkItemId) && (e.ToStatus == Waiting || e.FromStatus == Waiting))
                .OrderBy(e => e.WorkItemId).ThenBy(e => e.Sequence)
                .Select(e => new
                {
                    e.WorkItemId,
                    e.OccurredAt,
                    e.StepKey,
                    e.FromStatus,
                    e.ToStatus,
                    Data = e.ToStatus == Waiting && e.FromStatus != Waiting ? e.Data : null,
                }),
            reader =>
            {
                var (id, occurred, step, from, to, data) = (
                    reader.GetOrdinal("WorkItemId"), reader.GetOrdinal("OccurredAt"), reader.GetOrdinal("StepKey"),
                    reader.GetOrdinal("FromStatus"), reader.GetOrdinal("ToStatus"), reader.GetOrdinal("Data"));
                return () =>
                {
                    var of = reader.GetInt64(id);
                    if (current < 0 || headIds[current] != of)
                    {
                        Flush(waits, current, pairing.End());
                        current = Seek(headIds, of, ref cursor);
                    }

                    pairing.Add(new WaitEvent(
                        columns.Instant(reader, occurred),
                        reader.IsDBNull(step) ? null : reader.GetString(step),
                        reader.IsDBNull(from) ? null : reader.GetString(from),
                        reader.IsDBNull(to) ? null : reader.GetString(to),
                        reader.IsDBNull(data) ? null : reader.GetString(data)));
                };
            },
            cancellationToken);
        Flush(waits, current, pairing.End());

        if (planned is not null)
        {
            await planned.CommitAsync(cancellationToken);
        }

        var items = new FlowItem[heads.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var h = heads[i];
            items[i] = new FlowItem(
                h.Id, h.ValueStream, h.DemandType, h.Service, h.CreatedAt, h.State, h.DeliveredAt, h.ClosedAt, h.Rating,
                visits[i] ?? [], waits[i] ?? []);
        }

        return items;
    }

    /// <summary>
    /// On PostgreSQL, the reads run in one read-only transaction planned for what they are: a few index ranges per
    /// item of a list. The planner estimates a list of tens of thousands of ids at three to ten times the rows it
    /// matches and, with the default cost of a random read, chose parallel sequential scans of the visits and events
    /// (3.8 and 11.5 million rows at a million items, 1.5 to 2 s each) and compiled them with JIT (up to 1 s more),
    /// where the primary key and the partial index of waits answer in a tenth of that. The settings hold for this
    /// transaction only. SQLite's planner takes those indexes already.
    /// </summary>
    private async Task<IDbContextTransaction?> PlanForKnownItemsAsync(CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql() || db.Database.CurrentTransaction is not null)
        {
            return null;
        }

        var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await db.Database.ExecuteSqlRawAsync("SET TRANSACTION READ ONLY; SET LOCAL jit = off; SET LOCAL random_page_cost = 1.1", cancellationToken);
        return transaction;
    }

    /// <summary>
    /// The visits of the items, in order. Written by hand where the rest is EF Core's: visits are owned by their item,
    /// so EF Core reaches them only through the items, which joined every visit back to its item and made PostgreSQL
    /// filter on the item's key (0.6 s) instead of reading the visits' own key for the ids given, in order (0.1 s).
    /// </summary>
    private DbCommand VisitsOf(List<long> ids)
    {
        const string Columns = "\"WorkItemId\", \"StepKey\", \"Activity\", \"Team\", \"EnteredAt\", \"StartedAt\", \"LeftAt\", \"Waited\", \"WaitingSince\"";
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = db.Database.GetCommandTimeout() ?? command.CommandTimeout;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "ids";
        if (db.Database.IsNpgsql())
        {
            parameter.Value = ids.ToArray();
            command.CommandText = $"SELECT {Columns} FROM \"StepVisits\" WHERE \"WorkItemId\" = ANY (@ids) ORDER BY \"WorkItemId\", \"Ordinal\"";
        }
        else
        {
            parameter.Value = JsonSerializer.Serialize(ids);
            command.CommandText = $"SELECT {Columns} FROM \"StepVisits\" WHERE \"WorkItemId\" IN (SELECT \"value\" FROM json_each(@ids)) ORDER BY \"WorkItemId\", \"Ordinal\"";
        }

        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>
    /// Runs the SQL EF Core writes for <paramref name="query"/> (or a command of its own) on the context's connection and
    /// hands each row to the reader <paramref name="start"/> returns once the columns are known.
    /// </summary>
    private Task ReadAsync(IQueryable query, Func<DbDataReader, Action> start, CancellationToken cancellationToken) =>
        ReadAsync(query.CreateDbCommand(), start, cancellationToken);

    private async Task ReadAsync(DbCommand query, Func<DbDataReader, Action> start, CancellationToken cancellationToken)
    {
        await using var command = query;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var read = start(reader);
            while (await reader.ReadAsync(cancellationToken))
            {
                read();
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The rows gathered for the item at <paramref name="index"/> (none before the first), handed over as its own list.</summary>
    private static void Flush<T>(IReadOnlyList<T>[] of, int index, List<T> rows)
    {
        if (index >= 0 && rows.Count > 0)
        {
            of[index] = rows.ToArray();
        }

        rows.Clear();
    }

    /// <summary>
    /// Where the item <paramref name="id"/> is among the heads, sorted by id, searching on from <paramref name="cursor"/>:
    /// the rows arrive in the same order, so the search only moves forward. -1 for an item without a head (deleted
    /// between the queries), whose rows are then dropped.
    /// </summary>
    private static int Seek(long[] heads, long id, ref int cursor)
    {
        while (cursor < heads.Length && heads[cursor] < id)
        {
            cursor++;
        }

        return cursor < heads.Length && heads[cursor] == id ? cursor : -1;
    }

    /// <summary>
    /// ValueChain's own event log, for process mining: one event per visit (the step, when it was entered) and a
    /// <c>value</c> event when the last step was done, for the items the filter takes that were opened in the period.
    /// </summary>
    public async Task<IReadOnlyList<LogEvent>> EventLogAsync(MetricsPeriod period, MetricsFilter filter, CancellationToken cancellationToken = default)
    {
        var items = Opened(period, filter);
        var visits = await items
            .SelectMany(w => w.Visits, (w, v) => new { w.Id, v.Ordinal, v.StepKey, v.EnteredAt, v.Team })
            .ToListAsync(cancellationToken);
        var delivered = await items.Where(w => w.DeliveredAt != null).Select(w => new { w.Id, w.DeliveredAt }).ToListAsync(cancellationToken);

        var events = visits
            .Select(v => (v.Id, v.Ordinal, Event: new LogEvent(Case(v.Id), v.StepKey, v.EnteredAt, v.Team)))
            .Concat(delivered.Select(d => (d.Id, Ordinal: int.MaxValue, Event: new LogEvent(Case(d.Id), ValueStreamEnd, d.DeliveredAt!.Value))))
            .OrderBy(e => e.Id).ThenBy(e => e.Ordinal);
        return [.. events.Select(e => e.Event)];
    }

    private static string Case(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The ids of the items opened before the period ends and not closed before it begins.</summary>
    private IQueryable<long> OpenIn(MetricsPeriod period, MetricsFilter filter)
    {
        var before = db.WorkItems.AsNoTracking().Where(w => w.CreatedAt < period.To);
        return Filtered(before.Where(w => w.ClosedAt == null), filter).Select(w => w.Id)
            .Union(Filtered(before.Where(w => w.ClosedAt >= period.From), filter).Select(w => w.Id))
            .Union(Filtered(before.Where(w => w.DeliveredAt >= period.From), filter).Select(w => w.Id));
    }

    private IQueryable<WorkItem> Opened(MetricsPeriod period, MetricsFilter filter) =>
        Filtered(db.WorkItems.AsNoTracking().Where(w => w.CreatedAt >= period.From && w.CreatedAt < period.To), filter);

    private static IQueryable<WorkItem> Filtered(IQueryable<WorkItem> items, MetricsFilter filter)
    {
        items = items.OfStreamServiceAndType(filter);
        if (filter.Team is { } team)
        {
            items = items.Where(w => w.Visits.Any(v => v.Team == team));
        }

        if (filter.Activity is { } activity)
        {
            items = items.Where(w => w.Visits.Any(v => v.Activity == activity));
        }

        return items;
    }

    /// <summary>
    /// Pairs the event that put an item on wait with the next one that took it off (resumed, looped back, cancelled);
    /// events in between that leave it waiting (a comment, an assignment) change nothing. Fed one item's events in
    /// order, then ended, which hands over its waits (a wait still open last) and starts afresh for the next item.
    /// </summary>
    private sealed class WaitPairing
    {
        private readonly List<FlowWait> _waits = [];
        private (DateTimeOffset From, string Step, WaitReason Reason)? _open;

        public void Add(WaitEvent e)
        {
            var begins = e.ToStatus == Waiting && e.FromStatus != Waiting;
            var ends = e.FromStatus == Waiting && e.ToStatus != Waiting;
            if (ends && _open is { } closing)
            {
                _waits.Add(new FlowWait(closing.Step, closing.Reason, closing.From, e.OccurredAt));
                _open = null;
            }

            if (begins)
            {
                _open = (e.OccurredAt, e.StepKey ?? "", Reason(e.Data));
            }
        }

        public List<FlowWait> End()
        {
            if (_open is { } still)
            {
                _waits.Add(new FlowWait(still.Step, still.Reason, still.From, null));
                _open = null;
            }

            return _waits;
        }
    }

    private static WaitReason Reason(string? data)
    {
        if (data is null)
        {
            return WaitReason.Other;
        }

        using var json = JsonDocument.Parse(data);
        return json.RootElement.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String
            && Words.TryParse<WaitReason>(reason.GetString(), out var parsed)
            ? parsed
            : WaitReason.Other;
    }

    private readonly record struct Head(
        long Id, string ValueStream, string DemandType, string? Service, DateTimeOffset CreatedAt, WorkItemState State,
        DateTimeOffset? DeliveredAt, DateTimeOffset? ClosedAt, int? Rating);

    private readonly record struct WaitEvent(DateTimeOffset OccurredAt, string? StepKey, string? FromStatus, string? ToStatus, string? Data);

    /// <summary>
    /// Reads instants as the model stores them: SQLite has no date type and keeps them as integers, through the
    /// model's converter; PostgreSQL as <c>timestamptz</c>, which the driver reads in UTC.
    /// </summary>
    private sealed class StoredColumns
    {
        private static readonly ConditionalWeakTable<IModel, StoredColumns> ByModel = [];

        private readonly Func<long, DateTimeOffset>? _fromInteger;

        private StoredColumns(IModel model)
        {
            var converter = model.FindEntityType(typeof(WorkItem))!.FindProperty(nameof(WorkItem.CreatedAt))!.GetTypeMapping().Converter;
            _fromInteger = converter is ValueConverter<DateTimeOffset, long> integer ? integer.ConvertFromProviderExpression.Compile() : null;
        }

        public static StoredColumns Of(ValueChainDbContext db) => ByModel.GetValue(db.Model, model => new StoredColumns(model));

        public DateTimeOffset Instant(DbDataReader reader, int ordinal) =>
            _fromInteger is { } fromInteger ? fromInteger(reader.GetInt64(ordinal)) : reader.GetFieldValue<DateTimeOffset>(ordinal);

        public DateTimeOffset? OptionalInstant(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Instant(reader, ordinal);
    }
}
