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

    /// <summary>
    /// The fts5vocab table over the FTS5 index on SQLite (made by a migration): one row per indexed word, which a
    /// range of words answers without reading the entries of any other word.
    /// </summary>
    public const string SqliteTermsTable = "WorkItemSearchTerms";

    /// <summary>
    /// On SQLite, a word longer than the indexed prefixes is looked up in the index's words and matched as the words
    /// it starts when they are at most this many; past that it stays a prefix query.
    /// </summary>
    public const int MaxWordsPerPrefix = 16;

    /// <summary>The longest prefix the FTS5 table indexes (see the migration WorkItemSearchPrefixes).</summary>
    private const int LongestIndexedPrefix = 4;

    /// <summary>
    /// <paramref name="terms"/> made ready for the database. On SQLite a prefix longer than the indexed prefixes makes
    /// FTS5 merge the whole entry lists of every word it starts before the first match (14 ms for a common word at a
    /// million items), while the same words matched whole read only what the page needs (0.3 ms): so such a word
    /// becomes the words of the index it starts, found by a range over the index's words, which matches exactly what
    /// the prefix does. A word with letters other than ASCII stays a prefix, since the index keeps its words folded.
    /// </summary>
    public static async Task<SearchQuery> PrepareAsync(ValueChainDbContext db, IReadOnlyList<string> terms, CancellationToken cancellationToken = default)
    {
        if (terms.Count == 0 || !db.Database.IsSqlite())
        {
            return new SearchQuery(terms, null);
        }

        var parts = new List<string>(terms.Count);
        foreach (var term in terms)
        {
            parts.Add(term.Length <= LongestIndexedPrefix || !System.Text.Ascii.IsValid(term)
                ? Quoted(term) + "*"
                : await WordsStartingAsync(db, term, cancellationToken));
        }

        // Spelled out: FTS5 takes a space for AND between phrases, but not next to a parenthesized group.
        return new SearchQuery(terms, string.Join(" AND ", parts));
    }

    /// <summary>The match expression for the indexed words that start with <paramref name="prefix"/>, or the prefix itself when they are many.</summary>
    private static async Task<string> WordsStartingAsync(ValueChainDbContext db, string prefix, CancellationToken cancellationToken)
    {
        // Every word that starts with the prefix sorts at or after it and before the prefix with its last letter raised.
        var end = prefix[..^1] + (char)(prefix[^1] + 1);
        var words = await db.Database
            .SqlQuery<string>($"SELECT term AS \"Value\" FROM WorkItemSearchTerms WHERE term >= {prefix} AND term < {end} LIMIT {MaxWordsPerPrefix + 1}")
            .ToListAsync(cancellationToken);
        return words.Count switch
        {
            // No word starts with it: matched whole, it finds nothing, and finds it at once.
            0 => Quoted(prefix),
            1 => Quoted(words[0]),
            > MaxWordsPerPrefix => Quoted(prefix) + "*",
            _ => "(" + string.Join(" OR ", words.Select(Quoted)) + ")",
        };
    }

    /// <summary>The items whose title or description has every term of <paramref name="search"/> as a word prefix.</summary>
    public static IQueryable<WorkItem> Matching(this IQueryable<WorkItem> query, ValueChainDbContext db, SearchQuery search)
    {
        if (search.Terms.Count == 0)
        {
            return query;
        }

        if (db.Database.IsNpgsql())
        {
            // Terms hold only letters and digits, so they cannot break out of the tsquery syntax.
            var tsQuery = string.Join(" & ", search.Terms.Select(t => t + ":*"));
            return query.Where(w => EF.Property<NpgsqlTsVector>(w, VectorColumn).Matches(EF.Functions.ToTsQuery("simple", tsQuery)));
        }

        var match = SqliteMatch(search);
        var ids = db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM WorkItemSearch WHERE WorkItemSearch MATCH {match}");
        return query.Where(w => ids.Contains(w.Id));
    }

    /// <summary>
    /// The newest <paramref name="count"/> items matching <paramref name="search"/> (older than <paramref name="before"/>
    /// when given), for the pages of a plain search. On SQLite the FTS5 table walks its matches newest first and stops
    /// at the page, where joining every match to its row and sorting them all costs a millisecond per few thousand
    /// matches; PostgreSQL plans this itself.
    /// </summary>
    public static IQueryable<WorkItem> NewestMatching(
        this IQueryable<WorkItem> query, ValueChainDbContext db, SearchQuery search, int count, long? before = null)
    {
        if (!db.Database.IsSqlite())
        {
            var matching = query.Matching(db, search);
            return before is { } id ? matching.Where(w => w.Id < id) : matching;
        }

        var match = SqliteMatch(search);
        var ids = before is { } last
            ? db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM WorkItemSearch WHERE WorkItemSearch MATCH {match} AND rowid < {last} ORDER BY rowid DESC LIMIT {count}")
            : db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM WorkItemSearch WHERE WorkItemSearch MATCH {match} ORDER BY rowid DESC LIMIT {count}");
        return query.Where(w => ids.Contains(w.Id));
    }

    /// <summary>How many work items match <paramref name="search"/>, counting no further than <paramref name="upTo"/>.</summary>
    public static async Task<int> CountAsync(ValueChainDbContext db, SearchQuery search, int upTo, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsSqlite())
        {
            return await db.WorkItems.AsNoTracking().Matching(db, search).Take(upTo).CountAsync(cancellationToken);
        }

        var match = SqliteMatch(search);
        return await db.Database.SqlQuery<int>(
                $"SELECT count(*) AS \"Value\" FROM (SELECT rowid FROM WorkItemSearch WHERE WorkItemSearch MATCH {match} LIMIT {upTo})")
            .SingleAsync(cancellationToken);
    }

    /// <summary>The FTS5 expression: each term as a prefix query unless prepared otherwise; the quotes keep terms words.</summary>
    private static string SqliteMatch(SearchQuery search) =>
        search.SqliteMatch ?? string.Join(' ', search.Terms.Select(t => Quoted(t) + "*"));

    /// <summary>A word as an FTS5 string; index words and terms hold only letters and digits, and a quote would be doubled.</summary>
    private static string Quoted(string word) => "\"" + word.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}

/// <summary>
/// A search's words (<see cref="WorkItemSearch.Terms"/>), with the FTS5 expression they became on SQLite (null
/// elsewhere, or when each word is simply a prefix).
/// </summary>
public sealed record SearchQuery(IReadOnlyList<string> Terms, string? SqliteMatch);
