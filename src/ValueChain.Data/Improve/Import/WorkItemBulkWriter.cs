using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using ValueChain.Data.Storage;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Improve.Import;

/// <summary>
/// Writes new work items, their visits and events without the change tracker: several times faster than SaveChanges
/// for bulk loads (imports, generated histories). On SQLite, prepared inserts on the context's connection and
/// transaction; on PostgreSQL, binary COPY in batches, with the items' ids drawn from their sequence, because a round
/// trip per row costs more than the row. Tables, columns and value conversions come from the EF model, so the rows are
/// exactly the ones SaveChanges would write. Call <see cref="FlushAsync"/> before committing the transaction.
/// </summary>
public abstract class WorkItemBulkWriter : IDisposable
{
    private protected WorkItemBulkWriter()
    {
    }

    /// <summary>A writer on <paramref name="db"/>'s open connection and current transaction.</summary>
    public static WorkItemBulkWriter Create(ValueChainDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A bulk write runs inside a transaction.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var model = db.Model;
        var items = model.FindEntityType(typeof(WorkItem))!;
        var visits = model.FindEntityType(typeof(StepVisit))!;
        var events = model.FindEntityType(typeof(WorkItemEvent))!;
        return connection is NpgsqlConnection postgres
            ? new CopyWriter(postgres, sql, items, visits, events)
            : new PreparedWriter(
                Insert.For(items, connection, transaction, sql, returnsKey: true),
                Insert.For(visits, connection, transaction, sql, returnsKey: false),
                Insert.For(events, connection, transaction, sql, returnsKey: false));
    }

    /// <summary>Writes one new item with its visits and <paramref name="events"/> (or queues it for the next batch).</summary>
    public abstract Task WriteAsync(WorkItem item, IReadOnlyList<WorkItemEvent> events, CancellationToken cancellationToken);

    /// <summary>Writes whatever is queued; the transaction may be committed afterwards.</summary>
    public virtual Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>The columns SaveChanges would write for an entity type; generated single keys are left to the database.</summary>
    private static Column[] Columns(IEntityType entity, bool withGeneratedKey)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var key = entity.FindPrimaryKey()!.Properties;
        return entity.GetProperties()
            .Where(p => p.GetComputedColumnSql() is null)
            .Where(p => withGeneratedKey || !IsGeneratedKey(p, key))
            .Select(p => new Column(p, p.GetColumnName(table)!, p.Name == nameof(WorkItemEvent.WorkItemId) || (p.IsShadowProperty() && p.IsForeignKey())))
            .ToArray();
    }

    private static bool IsGeneratedKey(IProperty property, IReadOnlyList<IProperty> key) =>
        key.Count == 1 && key[0] == property && property.ValueGenerated == ValueGenerated.OnAdd;

    private static string TableName(IEntityType entity, ISqlGenerationHelper sql) => sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());

    /// <summary>One prepared INSERT per row: SQLite runs in process, so a row costs no round trip.</summary>
    private sealed class PreparedWriter(Insert itemInsert, Insert visitInsert, Insert eventInsert) : WorkItemBulkWriter
    {
        public override async Task WriteAsync(WorkItem item, IReadOnlyList<WorkItemEvent> events, CancellationToken cancellationToken)
        {
            var id = Convert.ToInt64(await itemInsert.ExecuteAsync(item, null, cancellationToken), CultureInfo.InvariantCulture);
            foreach (var visit in item.Visits)
            {
                await visitInsert.ExecuteAsync(visit, id, cancellationToken);
            }

            foreach (var @event in events)
            {
                await eventInsert.ExecuteAsync(@event, id, cancellationToken);
            }
        }

        protected override void Dispose(bool disposing)
        {
            itemInsert.Dispose();
            visitInsert.Dispose();
            eventInsert.Dispose();
        }
    }

    /// <summary>One prepared INSERT for an entity type; the foreign key to the work item is passed in.</summary>
    private sealed class Insert : IDisposable
    {
        private readonly DbCommand _command;
        private readonly Column[] _columns;
        private readonly bool _returnsKey;
        private readonly bool _synchronous;

        private Insert(DbCommand command, Column[] columns, bool returnsKey)
        {
            _synchronous = command is Microsoft.Data.Sqlite.SqliteCommand;
            _command = command;
            _columns = columns;
            _returnsKey = returnsKey;
        }

        public static Insert For(IEntityType entity, DbConnection connection, DbTransaction transaction, ISqlGenerationHelper sql, bool returnsKey)
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var key = entity.FindPrimaryKey()!.Properties;
            var columns = Columns(entity, withGeneratedKey: false);

            var command = connection.CreateCommand();
            command.Transaction = transaction;
            var names = string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)));
            var values = string.Join(", ", columns.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)));
            command.CommandText = $"INSERT INTO {TableName(entity, sql)} ({names}) VALUES ({values})"
                + (returnsKey ? $" RETURNING {sql.DelimitIdentifier(key[0].GetColumnName(table)!)}" : "");
            for (var i = 0; i < columns.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
                command.Parameters.Add(parameter);
            }

            return new Insert(command, columns, returnsKey);
        }

        public async Task<object?> ExecuteAsync(object entity, long? workItemId, CancellationToken cancellationToken)
        {
            for (var i = 0; i < _columns.Length; i++)
            {
                _command.Parameters[i].Value = _columns[i].Value(entity, workItemId) ?? DBNull.Value;
            }

            // SQLite runs in process: its async calls are the sync ones behind a task, which costs a row per call.
            if (_synchronous)
            {
                return _returnsKey ? _command.ExecuteScalar() : _command.ExecuteNonQuery();
            }

            return _returnsKey
                ? await _command.ExecuteScalarAsync(cancellationToken)
                : await _command.ExecuteNonQueryAsync(cancellationToken);
        }

        public void Dispose() => _command.Dispose();
    }

    /// <summary>
    /// Queues items and writes them in batches with binary COPY: first their ids from the table's identity sequence,
    /// then the items, their visits and their events, each table in one COPY.
    /// </summary>
    private sealed class CopyWriter : WorkItemBulkWriter
    {
        private const int BatchSize = 5000;

        private readonly NpgsqlConnection _connection;
        private readonly Column[] _itemColumns;
        private readonly Column[] _visitColumns;
        private readonly Column[] _eventColumns;
        private readonly string _nextIds;
        private readonly string _copyItems;
        private readonly string _copyVisits;
        private readonly string _copyEvents;
        private readonly List<(WorkItem Item, IReadOnlyList<WorkItemEvent> Events)> _queue = new(BatchSize);

        public CopyWriter(NpgsqlConnection connection, ISqlGenerationHelper sql, IEntityType items, IEntityType visits, IEntityType events)
        {
            _connection = connection;
            var key = items.FindPrimaryKey()!.Properties[0];
            // The item's own id comes first, drawn from its sequence; the other columns follow as SaveChanges writes them.
            _itemColumns = Columns(items, withGeneratedKey: false);
            _visitColumns = Columns(visits, withGeneratedKey: false);
            _eventColumns = Columns(events, withGeneratedKey: false);
            var itemTable = TableName(items, sql);
            var keyColumn = sql.DelimitIdentifier(key.GetColumnName(StoreObjectIdentifier.Table(items.GetTableName()!, items.GetSchema()))!);
            _nextIds = $"SELECT nextval(pg_get_serial_sequence('{itemTable.Replace("'", "''", StringComparison.Ordinal)}', '{key.GetColumnName()}')) FROM generate_series(1, @count)";
            _copyItems = Copy(itemTable, [keyColumn, .. _itemColumns.Select(c => sql.DelimitIdentifier(c.Name))]);
            _copyVisits = Copy(TableName(visits, sql), [.. _visitColumns.Select(c => sql.DelimitIdentifier(c.Name))]);
            _copyEvents = Copy(TableName(events, sql), [.. _eventColumns.Select(c => sql.DelimitIdentifier(c.Name))]);
        }

        public override async Task WriteAsync(WorkItem item, IReadOnlyList<WorkItemEvent> events, CancellationToken cancellationToken)
        {
            _queue.Add((item, events));
            if (_queue.Count >= BatchSize)
            {
                await FlushAsync(cancellationToken);
            }
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_queue.Count == 0)
            {
                return;
            }

            var ids = new long[_queue.Count];
            await using (var command = new NpgsqlCommand(_nextIds, _connection))
            {
                command.Parameters.AddWithValue("count", _queue.Count);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                for (var i = 0; await reader.ReadAsync(cancellationToken); i++)
                {
                    ids[i] = reader.GetInt64(0);
                }
            }

            await using (var import = await _connection.BeginBinaryImportAsync(_copyItems, cancellationToken))
            {
                for (var i = 0; i < _queue.Count; i++)
                {
                    await import.StartRowAsync(cancellationToken);
                    await import.WriteAsync(ids[i], cancellationToken);
                    await WriteColumnsAsync(import, _itemColumns, _queue[i].Item, ids[i], cancellationToken);
                }

                await import.CompleteAsync(cancellationToken);
            }

            await using (var import = await _connection.BeginBinaryImportAsync(_copyVisits, cancellationToken))
            {
                for (var i = 0; i < _queue.Count; i++)
                {
                    foreach (var visit in _queue[i].Item.Visits)
                    {
                        await import.StartRowAsync(cancellationToken);
                        await WriteColumnsAsync(import, _visitColumns, visit, ids[i], cancellationToken);
                    }
                }

                await import.CompleteAsync(cancellationToken);
            }

            await using (var import = await _connection.BeginBinaryImportAsync(_copyEvents, cancellationToken))
            {
                for (var i = 0; i < _queue.Count; i++)
                {
                    foreach (var @event in _queue[i].Events)
                    {
                        await import.StartRowAsync(cancellationToken);
                        await WriteColumnsAsync(import, _eventColumns, @event, ids[i], cancellationToken);
                    }
                }

                await import.CompleteAsync(cancellationToken);
            }

            _queue.Clear();
        }

        private static async Task WriteColumnsAsync(NpgsqlBinaryImporter import, Column[] columns, object entity, long workItemId, CancellationToken cancellationToken)
        {
            foreach (var column in columns)
            {
                switch (column.Value(entity, workItemId))
                {
                    case null:
                        await import.WriteNullAsync(cancellationToken);
                        break;
                    case string text:
                        await import.WriteAsync(text, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
                        break;
                    case long number:
                        await import.WriteAsync(number, NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken);
                        break;
                    case int number:
                        await import.WriteAsync(number, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
                        break;
                    case DateTimeOffset instant:
                        await import.WriteAsync(instant, NpgsqlTypes.NpgsqlDbType.TimestampTz, cancellationToken);
                        break;
                    case bool flag:
                        await import.WriteAsync(flag, NpgsqlTypes.NpgsqlDbType.Boolean, cancellationToken);
                        break;
                    case double number:
                        await import.WriteAsync(number, NpgsqlTypes.NpgsqlDbType.Double, cancellationToken);
                        break;
                    case var other:
                        await import.WriteAsync(other, cancellationToken);
                        break;
                }
            }
        }

        private static string Copy(string table, IEnumerable<string> columns) =>
            $"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)";
    }

    private sealed record Column(IProperty Property, string Name, bool IsWorkItemId)
    {
        public Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter { get; } = Property.GetTypeMapping().Converter;

        /// <summary>The value as the database stores it; the work item's id for its foreign key.</summary>
        public object? Value(object entity, long? workItemId)
        {
            if (IsWorkItemId)
            {
                return workItemId;
            }

            var value = Property.GetGetter().GetClrValueUsingContainingEntity(entity);
            return value is not null && Converter is { } converter ? converter.ConvertToProvider(value) : value;
        }
    }
}
