using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using ValueChain.Data.Storage;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.ValueStreams;

/// <summary>
/// Full-text search over work item titles and descriptions. Each word of the query must start a word of the
/// item ("print" finds "printer"), case-insensitively. PostgreSQL matches a generated tsvector column through
/// a GIN index; SQLite an FTS5 table kept in step with WorkItems by triggers (both made by migrations).
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

        var match = string.Join(' ', terms.Select(t => "\"" + t + "\"*"));
        var ids = db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM WorkItemSearch WHERE WorkItemSearch MATCH {match}");
        return query.Where(w => ids.Contains(w.Id));
    }

    /// <summary>
    /// The newest <paramref name="count"/> items matching <paramref name="terms"/>, for the first pages of a plain search.
    /// On SQLite the FTS5 table walks its matches newest first and stops at the page, where joining every match to its
    /// row and sorting them all costs a millisecond per few thousand matches; PostgreSQL plans this itself.
    /// </summary>
    public static IQueryable<WorkItem> NewestMatching(this IQueryable<WorkItem> query, ValueChainDbContext db, IReadOnlyList<string> terms, int count)
    {
        if (!db.Database.IsSqlite())
        {
            return query.Matching(db, terms);
        }

        var match = string.Join(' ', terms.Select(t => "\"" + t + "\"*"));
        var ids = db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM WorkItemSearch WHERE WorkItemSearch MATCH {match} ORDER BY rowid DESC LIMIT {count}");
        return query.Where(w => ids.Contains(w.Id));
    }

    /// <summary>How many work items match every term of <paramref name="terms"/>.</summary>
    public static async Task<int> CountAsync(ValueChainDbContext db, IReadOnlyList<string> terms, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsSqlite())
        {
            return await db.WorkItems.AsNoTracking().Matching(db, terms).CountAsync(cancellationToken);
        }

        var match = string.Join(' ', terms.Select(t => "\"" + t + "\"*"));
        return await db.Database.SqlQuery<int>($"SELECT count(*) AS \"Value\" FROM WorkItemSearch WHERE WorkItemSearch MATCH {match}")
            .SingleAsync(cancellationToken);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
