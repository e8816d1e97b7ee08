using System.Globalization;
using Microsoft.Data.Sqlite;
using ValueChain.Improve.Import;
using ValueChain.Improve.Mining;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Improve.Import;

/// <summary>One case read back from staging: its first event (for title, priority, ...), its history, and each moment's line.</summary>
internal sealed record StagedCase(LogEvent First, IReadOnlyList<HistoryEvent> History, IReadOnlyList<long> Lines);

/// <summary>
/// A temporary SQLite file that holds the mapped events of a log between reading and writing, so that a log of any
/// size is sorted by case and time on disk rather than in memory. Nothing in it needs to survive a crash: it is
/// written without a journal and deleted when disposed.
/// </summary>
internal sealed class HistoryStaging : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string _path;
    private readonly IReadOnlyList<string> _attributes;
    private readonly List<ActivityRule> _rules = [];
    private readonly Dictionary<ActivityRule, long> _ruleIds = [];
    private SqliteTransaction? _transaction;
    private SqliteCommand? _insert;

    private HistoryStaging(SqliteConnection connection, string path, IReadOnlyList<string> attributes)
    {
        _connection = connection;
        _path = path;
        _attributes = attributes;
    }

    /// <summary>Events staged so far.</summary>
    public long Count { get; private set; }

    public static async Task<HistoryStaging> CreateAsync(string folder, HistoryMapping mapping, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"valuechain-import-{Guid.NewGuid():N}.db");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        var staging = new HistoryStaging(connection, path, mapping.Attributes);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var attributeColumns = string.Concat(staging._attributes.Select((_, i) => $", A{i} TEXT"));
            await staging.ExecuteAsync(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = FILE; "
                + $"CREATE TABLE Staged (Seq INTEGER PRIMARY KEY, CaseId TEXT NOT NULL, At INTEGER NOT NULL, Rule INTEGER NOT NULL, Line INTEGER NOT NULL, Actor TEXT{attributeColumns});",
                cancellationToken);
            staging.PrepareInsert();
            return staging;
        }
        catch
        {
            await staging.DisposeAsync();
            throw;
        }
    }

    public void Add(LogEvent logEvent, ActivityRule rule)
    {
        if (!_ruleIds.TryGetValue(rule, out var ruleId))
        {
            ruleId = _rules.Count;
            _rules.Add(rule);
            _ruleIds[rule] = ruleId;
        }

        var parameters = _insert!.Parameters;
        parameters[0].Value = logEvent.CaseId;
        parameters[1].Value = logEvent.Timestamp.UtcTicks;
        parameters[2].Value = ruleId;
        parameters[3].Value = logEvent.Line;
        parameters[4].Value = (object?)HistoryImport.Actor(logEvent.Resource) ?? DBNull.Value;
        for (var i = 0; i < _attributes.Count; i++)
        {
            parameters[5 + i].Value = (object?)logEvent.Attribute(_attributes[i]) ?? DBNull.Value;
        }

        _insert.ExecuteNonQuery();
        Count++;
    }

    /// <summary>Ends staging: commits the rows and indexes them in the order they are read back.</summary>
    public async Task SealAsync(CancellationToken cancellationToken)
    {
        await _transaction!.CommitAsync(cancellationToken);
        _transaction = null;
        await ExecuteAsync("CREATE INDEX Staged_Order ON Staged (CaseId, At, Seq);", cancellationToken);
    }

    /// <summary>The cases in case id order, each with its events in time order (ties in the order they were read).</summary>
    public IEnumerable<StagedCase> Cases(CancellationToken cancellationToken)
    {
        using var select = _connection.CreateCommand();
        var attributeColumns = string.Concat(_attributes.Select((_, i) => $", A{i}"));
        select.CommandText = $"SELECT CaseId, At, Rule, Line, Actor{attributeColumns} FROM Staged ORDER BY CaseId, At, Seq;";
        using var reader = select.ExecuteReader();
        string? caseId = null;
        LogEvent? first = null;
        var history = new List<HistoryEvent>();
        var lines = new List<long>();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            if (!string.Equals(id, caseId, StringComparison.Ordinal))
            {
                if (first is not null)
                {
                    yield return new StagedCase(first, history, lines);
                    cancellationToken.ThrowIfCancellationRequested();
                    history = [];
                    lines = [];
                }

                caseId = id;
                first = null;
            }

            var at = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
            var rule = _rules[reader.GetInt32(2)];
            var line = reader.GetInt64(3);
            var actor = reader.IsDBNull(4) ? null : reader.GetString(4);
            if (first is null)
            {
                var attributes = new List<KeyValuePair<string, string>>(_attributes.Count);
                for (var i = 0; i < _attributes.Count; i++)
                {
                    if (!reader.IsDBNull(5 + i))
                    {
                        attributes.Add(new(_attributes[i], reader.GetString(5 + i)));
                    }
                }

                first = new LogEvent(id, rule.Activity, at, actor, attributes) { Line = line };
            }

            history.Add(new HistoryEvent(rule.Action!.Value, rule.StepKey, at, actor, rule.Reason, rule.Activity));
            lines.Add(line);
        }

        if (first is not null)
        {
            yield return new StagedCase(first, history, lines);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _insert?.Dispose();
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }

        await _connection.DisposeAsync();
        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
            // A staging file left in the temporary folder does no harm; the import's outcome does not depend on it.
        }
    }

    private void PrepareInsert()
    {
        _transaction = _connection.BeginTransaction();
        _insert = _connection.CreateCommand();
        _insert.Transaction = _transaction;
        var names = new[] { "CaseId", "At", "Rule", "Line", "Actor" }.Concat(_attributes.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"A{i}"))).ToList();
        _insert.CommandText = $"INSERT INTO Staged ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select(n => "$" + n))});";
        foreach (var name in names)
        {
            _insert.Parameters.Add(new SqliteParameter("$" + name, null));
        }

        _insert.Prepare();
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
