using System.Globalization;
using DuckDB.NET.Data;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Bench;

/// <summary>
/// The same history in an in-process DuckDB database, and the same computations as SQL: the baseline a columnar
/// analytical engine sets for ValueChain's flow metrics and process mining.
/// </summary>
internal sealed class DuckDbFlow : IDisposable
{
    private readonly DuckDBConnection _connection = new("Data Source=:memory:");

    public DuckDbFlow()
    {
        _connection.Open();
        Execute("""
            CREATE TABLE items (id BIGINT, stream VARCHAR, demand_type VARCHAR, service VARCHAR, created TIMESTAMP, state VARCHAR,
                                delivered TIMESTAMP, closed TIMESTAMP, rating INTEGER);
            CREATE TABLE visits (item BIGINT, stream VARCHAR, step VARCHAR, entered TIMESTAMP, started TIMESTAMP, left_at TIMESTAMP,
                                 waited_s BIGINT, waiting_since TIMESTAMP);
            CREATE TABLE waits (item BIGINT, stream VARCHAR, step VARCHAR, reason VARCHAR, from_ts TIMESTAMP, to_ts TIMESTAMP);
            CREATE TABLE events (item BIGINT, stream VARCHAR, seq INTEGER, activity VARCHAR, ts TIMESTAMP);
            """);
    }

    /// <summary>Loads the items through DuckDB's appender; returns the number of events.</summary>
    public long Load(IReadOnlyList<GeneratedItem> items)
    {
        long events = 0;
        using (var appender = _connection.CreateAppender("items"))
        {
            foreach (var flow in items.Select(i => i.Flow))
            {
                appender.CreateRow().AppendValue(flow.Id).AppendValue(flow.ValueStream).AppendValue(flow.DemandType).AppendValue(flow.Service)
                    .AppendValue(flow.CreatedAt.UtcDateTime).AppendValue(State(flow.State)).AppendValue(flow.DeliveredAt?.UtcDateTime)
                    .AppendValue(flow.ClosedAt?.UtcDateTime).AppendValue(flow.Rating).EndRow();
            }
        }

        using (var appender = _connection.CreateAppender("visits"))
        {
            foreach (var flow in items.Select(i => i.Flow))
            {
                foreach (var v in flow.Visits)
                {
                    appender.CreateRow().AppendValue(flow.Id).AppendValue(flow.ValueStream).AppendValue(v.Step).AppendValue(v.EnteredAt.UtcDateTime)
                        .AppendValue(v.StartedAt?.UtcDateTime).AppendValue(v.LeftAt?.UtcDateTime).AppendValue((long)v.Waited.TotalSeconds)
                        .AppendValue(v.WaitingSince?.UtcDateTime).EndRow();
                }
            }
        }

        using (var appender = _connection.CreateAppender("waits"))
        {
            foreach (var flow in items.Select(i => i.Flow))
            {
                foreach (var w in flow.Waits)
                {
                    appender.CreateRow().AppendValue(flow.Id).AppendValue(flow.ValueStream).AppendValue(w.Step).AppendValue(w.Reason.ToString())
                        .AppendValue(w.From.UtcDateTime).AppendValue(w.To?.UtcDateTime).EndRow();
                }
            }
        }

        using (var appender = _connection.CreateAppender("events"))
        {
            foreach (var item in items)
            {
                for (var seq = 0; seq < item.Events.Count; seq++)
                {
                    var e = item.Events[seq];
                    appender.CreateRow().AppendValue(item.Flow.Id).AppendValue(item.Flow.ValueStream).AppendValue(seq).AppendValue(e.Activity)
                        .AppendValue(e.Timestamp.UtcDateTime).EndRow();
                    events++;
                }
            }
        }

        return events;
    }

    /// <summary>The flow metrics of the period for all streams or one; returns the figures the run checks against ValueChain's.</summary>
    public FlowFigures Metrics(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, string? stream)
    {
        var f = Literal(from);
        var t = Literal(to);
        var e = Literal(now < to ? now : to);
        var items = stream is null ? "TRUE" : $"stream = '{stream}'";
        var key = stream is null ? "stream || '/' || step" : "step";
        var completedIn = $"delivered >= {f} AND delivered < {t} AND {items}";

        var completed = Row($"""
            SELECT count(*), quantile_cont(epoch(delivered - created), 0.5), quantile_cont(epoch(delivered - created), 0.85),
                   quantile_cont(epoch(delivered - created), 0.95), avg(epoch(delivered - created)), sum(epoch(delivered - created))
            FROM items WHERE {completedIn}
            """);
        Rows($"""
            SELECT count(*), quantile_cont(epoch(closed - created), 0.5), quantile_cont(epoch(closed - created), 0.85), quantile_cont(epoch(closed - created), 0.95)
            FROM items WHERE state = 'value-realized' AND closed >= {f} AND closed < {t} AND {items}
            """);
        var active = Row($"""
            SELECT sum(CASE WHEN v.started IS NULL THEN 0 ELSE greatest(epoch(coalesce(v.left_at, {e}) - v.started) - v.waited_s, 0) END)
            FROM visits v JOIN items i ON i.id = v.item
            WHERE i.delivered >= {f} AND i.delivered < {t} AND {(stream is null ? "TRUE" : $"i.stream = '{stream}'")}
            """);
        var load = Row($"""
            SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM waits w WHERE w.item = i.id AND w.from_ts <= {e} AND (w.to_ts IS NULL OR w.to_ts > {e})))
            FROM items i WHERE created <= {e} AND (delivered IS NULL OR delivered > {e}) AND {items}
            """);
        Rows($"SELECT demand_type, count(*) FROM items WHERE {completedIn} GROUP BY 1");
        Rows($"SELECT date_trunc('month', delivered), count(*) FROM items WHERE {completedIn} GROUP BY 1 ORDER BY 1");
        var steps = Rows($"""
            WITH v AS (
                SELECT *, row_number() OVER (PARTITION BY item, step ORDER BY entered) AS nth FROM visits WHERE {items})
            SELECT {key}, count(*) FILTER (WHERE entered >= {f} AND entered < {t}),
                   sum(epoch(coalesce(left_at, {e}) - entered)) FILTER (WHERE entered >= {f} AND entered < {t}),
                   sum(waited_s + CASE WHEN left_at IS NULL AND waiting_since IS NOT NULL THEN epoch({e} - waiting_since) ELSE 0 END)
                       FILTER (WHERE entered >= {f} AND entered < {t}),
                   quantile_cont(epoch(left_at - entered), 0.5) FILTER (WHERE entered >= {f} AND entered < {t} AND left_at IS NOT NULL),
                   quantile_cont(epoch(left_at - entered), 0.85) FILTER (WHERE entered >= {f} AND entered < {t} AND left_at IS NOT NULL),
                   count(*) FILTER (WHERE entered >= {f} AND entered < {t} AND nth > 1),
                   count(*) FILTER (WHERE entered <= {e} AND (left_at IS NULL OR left_at > {e}))
            FROM v GROUP BY 1
            """);
        Rows($"""
            SELECT reason, count(*), sum(epoch(coalesce(to_ts, {e}) - from_ts)), median(epoch(coalesce(to_ts, {e}) - from_ts))
            FROM waits WHERE from_ts >= {f} AND from_ts < {t} AND {items} GROUP BY 1
            """);
        Rows($"SELECT service, count(*), avg(rating) FROM items WHERE state = 'value-realized' AND closed >= {f} AND closed < {t} AND {items} GROUP BY 1");
        Rows($"""
            SELECT stream, count(*), quantile_cont(epoch(delivered - created), 0.5), quantile_cont(epoch(delivered - created), 0.85)
            FROM items WHERE {completedIn} GROUP BY 1
            """);

        var top = steps.MaxBy(s => Convert.ToDouble(s[2], CultureInfo.InvariantCulture))!;
        return new FlowFigures(
            Convert.ToInt32(completed[0], CultureInfo.InvariantCulture),
            Convert.ToDouble(completed[1], CultureInfo.InvariantCulture),
            Convert.ToDouble(active[0], CultureInfo.InvariantCulture) / Convert.ToDouble(completed[5], CultureInfo.InvariantCulture),
            Convert.ToInt32(load[0], CultureInfo.InvariantCulture),
            (string)top[0],
            Convert.ToInt32(top[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Directly-follows graph, variants, start and end activities, trace lengths and case durations.</summary>
    public MiningFigures Mining(string? stream)
    {
        var events = stream is null ? "events" : $"(SELECT * FROM events WHERE stream = '{stream}')";
        var edges = Rows($"""
            WITH e AS (
                SELECT activity, ts, lead(activity) OVER w AS next_activity, lead(ts) OVER w AS next_ts
                FROM {events} WINDOW w AS (PARTITION BY item ORDER BY ts, seq))
            SELECT activity, next_activity, count(*), avg(epoch(next_ts - ts)), median(epoch(next_ts - ts))
            FROM e WHERE next_activity IS NOT NULL GROUP BY 1, 2
            """);
        var variants = Rows($"""
            SELECT trace, count(*) FROM (SELECT item, string_agg(activity, '|' ORDER BY ts, seq) AS trace FROM {events} GROUP BY item) GROUP BY 1 ORDER BY 2 DESC
            """);
        Rows($"SELECT s, count(*) FROM (SELECT first(activity ORDER BY ts, seq) AS s FROM {events} GROUP BY item) GROUP BY 1");
        Rows($"SELECT e, count(*) FROM (SELECT last(activity ORDER BY ts, seq) AS e FROM {events} GROUP BY item) GROUP BY 1");
        var cases = Row($"""
            SELECT count(*), min(n), avg(n), median(n), max(n), median(d), avg(d)
            FROM (SELECT count(*) AS n, epoch(max(ts) - min(ts)) AS d FROM {events} GROUP BY item)
            """);
        return new MiningFigures(
            Convert.ToInt32(cases[0], CultureInfo.InvariantCulture),
            edges.Count,
            edges.Sum(r => Convert.ToInt64(r[2], CultureInfo.InvariantCulture)),
            variants.Count,
            Convert.ToDouble(cases[5], CultureInfo.InvariantCulture));
    }

    public void Dispose() => _connection.Dispose();

    private static string State(WorkItemState state) => state switch
    {
        WorkItemState.ValueRealized => "value-realized",
        WorkItemState.Delivered => "delivered",
        WorkItemState.Cancelled => "cancelled",
        _ => "active",
    };

    private static string Literal(DateTimeOffset instant) =>
        "TIMESTAMP '" + instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "'";

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private object[] Row(string sql) => Rows(sql)[0];

    private List<object[]> Rows(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }
}

/// <summary>Figures both engines must agree on: completed items, median flow time (s), efficiency, load, the step with most time.</summary>
internal sealed record FlowFigures(int Completed, double MedianFlowSeconds, double Efficiency, int Load, string TopStep, int TopStepVisits);

/// <summary>Figures both engines must agree on: cases, directly-follows pairs and their total count, variants, median case duration (s).</summary>
internal sealed record MiningFigures(int Cases, int Pairs, long Edges, int Variants, double MedianCaseSeconds);
