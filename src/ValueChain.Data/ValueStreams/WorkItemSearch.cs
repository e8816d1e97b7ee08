using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using ValueChain.Data.Storage;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.ValueStreams;

/// <summary>
/// Full-text search over work item titles and descriptions. Each word of the query must start a word of the
/// item ("print" finds "printer"), case-insensitively. PostgreSQL matches a generated tsvector column through
/// a GIN index; SQLite an FTS5 table kept in step with WorkItems by triggers, with its 2- to 4-letter prefixes indexed
/// (both made by migrations).
/// </summary>
public static partial class WorkItemSearch
{
    /// <summary>The generated tsvector column on PostgreSQL.</summary>
    public const string VectorColumn = "SearchVector";

    /// <summary>The FTS5 table on SQLite.</summary>
    public const string SqliteTable = "WorkItemSearch";

    /// <summary>
    /// The triggers that keep the FTS5 table in step with WorkItems on SQLite. A migration that rebuilds WorkItems
    /// (SQLite's way of altering a table) drops them, so such a migration runs these again.
    /// </summary>
    public static IReadOnlyList<string> SqliteTriggers { get; } =
    [
        """
        CREATE TRIGGER IF NOT EXISTS WorkItems_Search_Insert AFTER INSERT ON WorkItems BEGIN
            INSERT INTO WorkItemSearch(rowid, Title, Description) VALUES (new.Id, new.Title, new.Description);
        END;
        """,
        """
        CREATE TRIGGER IF NOT EXISTS WorkItems_Search_Delete AFTER DELETE ON WorkItems BEGIN
            INSERT INTO WorkItemSearch(WorkItemSearch, rowid, Title, Description) VALUES ('delete', old.Id, old.Title, old.Description);
        END;
        """,
        """
        CREATE TRIGGER IF NOT EXISTS WorkItems_Search_Update AFTER UPDATE OF Title, Description ON WorkItems BEGIN
            INSERT INTO WorkItemSearch(WorkItemSearch, rowid, Title, Description) VALUES ('delete', old.Id, old.Title, old.Description);
            INSERT INTO WorkItemSearch(rowid, Title, Description) VALUES (new.Id, new.Title, new.Description);
        END;
        """,
    ];

    /// <summary>At most this many words of a query are used; more narrow nothing a person can tell.</summary>
    public const int MaxTerms = 8;

    /// <summary>The words of a query: runs of letters and digits, lowercased, without repeats.</summary>
    public static IReadOnlyList<string> Terms(string? text) =>
        text is null ? [] : [.. Word().Matches(text).Select(m => m.Value.ToLowerInvariant()).Distinct().Take(MaxTerms)];

    /// <summary>The items whose title or description has every term of <paramref name="terms"/> as a word prefix.</summary>
    public static IQueryable<WorkItem> Matching(this IQueryable<WorkItem> query, ValueChainDbContext db, IReadOnlyList<string> terms)
    {
        if (terms.Count == 0)
        {
            return query;
        }

        if (db.Database.IsNpgsql())
        {
            // Terms hold only letters and digits, so they cannot break out of the tsquery syntax.
            var tsQuery = string.Join(" & ", terms.Select(t => t + ":*"));
            return query.Where(w => EF.Property<NpgsqlTsVector>(w, VectorColumn).Matches(EF.Functions.ToTsQuery("simple", tsQuery)));
        }

        var match = SqliteMatch(terms);
        var ids = db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM WorkItemSearch WHERE WorkItemSearch MATCH {match}");
        return query.Where(w => ids.Contains(w.Id));
    }

    /// <summary>
    /// The newest <paramref name="count"/> items matching <paramref name="terms"/> (older than <paramref name="before"/>
    /// when given), for the pages of a plain search. On SQLite the FTS5 table walks its matches newest first and stops
    /// at the page, where joining every match to its row and sorting them all costs a millisecond per few thousand
    /// matches; PostgreSQL plans this itself.
    /// </summary>
    public static IQueryable<WorkItem> NewestMatching(
        this IQueryable<WorkItem> query, ValueChainDbContext db, IReadOnlyList<string> terms, int count, long? before = null)
    {
        if (!db.Database.IsSqlite())
        {
            var matching = query.Matching(db, terms);
            return before is { } id ? matching.Where(w => w.Id < id) : matching;
        }

        var match = SqliteMatch(terms);
        var ids = before is { } last
            ? db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM WorkItemSearch WHERE WorkItemSearch MATCH {match} AND rowid < {last} ORDER BY rowid DESC LIMIT {count}")
            : db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM WorkItemSearch WHERE WorkItemSearch MATCH {match} ORDER BY rowid DESC LIMIT {count}");
        return query.Where(w => ids.Contains(w.Id));
    }

    /// <summary>How many work items match every term of <paramref name="terms"/>, counting no further than <paramref name="upTo"/>.</summary>
    public static async Task<int> CountAsync(ValueChainDbContext db, IReadOnlyList<string> terms, int upTo, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsSqlite())
        {
            return await db.WorkItems.AsNoTracking().Matching(db, terms).Take(upTo).CountAsync(cancellationToken);
        }

        var match = SqliteMatch(terms);
        return await db.Database.SqlQuery<int>(
                $"SELECT count(*) AS \"Value\" FROM (SELECT rowid FROM WorkItemSearch WHERE WorkItemSearch MATCH {match} LIMIT {upTo})")
            .SingleAsync(cancellationToken);
    }

    /// <summary>Each term as a prefix query; terms hold only letters and digits, and the quotes keep them words.</summary>
    private static string SqliteMatch(IReadOnlyList<string> terms) => string.Join(' ', terms.Select(t => "\"" + t + "\"*"));

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
