using Microsoft.EntityFrameworkCore;
using ValueChain.Common;
using ValueChain.Data.Storage;
using ValueChain.ValueStreams;

namespace ValueChain.Data.ValueStreams;

/// <summary>What publishing a value stream did: made a new version, or found the same text already published.</summary>
public sealed record PublishOutcome(ValueStreamRevision Revision, bool Created);

/// <summary>The published value streams and their versions.</summary>
public sealed class ValueStreamCatalog(ValueChainDbContext db, TimeProvider clock, PublishedDefinitions? definitions = null)
{
    /// <summary>
    /// Validates <paramref name="source"/> and publishes it as the next version of its stream; unchanged text
    /// publishes nothing. A demand type may be served by one stream only, so routing demand is never ambiguous.
    /// With <paramref name="expectedVersion"/> (the version the editor started from; 0 for a new stream) a stream
    /// published by someone else in between is refused as stale rather than overwritten.
    /// </summary>
    public async Task<Result<PublishOutcome>> PublishAsync(
        string source, string publishedBy, CancellationToken cancellationToken = default, int? expectedVersion = null)
    {
        var read = ValueStreamReader.Read(source);
        if (!read.IsValid)
        {
            return ValueStreamRevision.Publish(source, null, publishedBy, clock.GetUtcNow()).Error!;
        }

        var key = read.Definition!.Key;
        var latest = await LatestAsync(key, cancellationToken);
        if (expectedVersion is { } expected && expected != (latest?.Version ?? 0))
        {
            return DomainError.Conflict("stale-revision", latest is null
                ? $"Value stream '{key}' has not been published; publish it without If-Match."
                : $"Value stream '{key}' is at version {latest.Version}, not {expected}; read it again before publishing.");
        }

        var published = ValueStreamRevision.Publish(source, latest, publishedBy, clock.GetUtcNow());
        if (!published.IsSuccess)
        {
            return published.Error!;
        }

        if (ReferenceEquals(published.Value, latest))
        {
            return new PublishOutcome(latest!, Created: false);
        }

        var others = (await LatestOfEachAsync(cancellationToken)).Where(s => s.Key != key).ToList();
        foreach (var demandType in read.Definition.DemandTypes)
        {
            var other = others.FirstOrDefault(s => s.DemandTypes.Contains(demandType, StringComparer.OrdinalIgnoreCase));
            if (other is not null)
            {
                return DomainError.Validation("demand-type-taken",
                    $"Demand type '{demandType}' is already served by value stream '{other.Key}'; a demand type is served by one stream.");
            }
        }

        db.ValueStreams.Add(published.Value);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return DomainError.Conflict("version-taken", $"Value stream '{key}' was published by someone else at the same moment; read it again and retry.");
        }

        return new PublishOutcome(published.Value, Created: true);
    }

    /// <summary>The newest version of every stream, ordered by key.</summary>
    public async Task<IReadOnlyList<ValueStreamRevision>> LatestOfEachAsync(CancellationToken cancellationToken = default)
    {
        // Only the newest rows travel: every open demand asks, and old versions pile up with their sources.
        var latest = await db.ValueStreams.AsNoTracking()
            .Where(v => v.Version == db.ValueStreams.Where(o => o.Key == v.Key).Max(o => o.Version))
            .ToListAsync(cancellationToken);
        return latest.OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
    }

    public Task<ValueStreamRevision?> LatestAsync(string key, CancellationToken cancellationToken = default) =>
        db.ValueStreams.AsNoTracking().Where(v => v.Key == key).OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);

    public Task<ValueStreamRevision?> FindAsync(string key, int version, CancellationToken cancellationToken = default) =>
        db.ValueStreams.AsNoTracking().FirstOrDefaultAsync(v => v.Key == key && v.Version == version, cancellationToken);

    public async Task<IReadOnlyList<ValueStreamRevision>> VersionsAsync(string key, CancellationToken cancellationToken = default) =>
        await db.ValueStreams.AsNoTracking().Where(v => v.Key == key).OrderBy(v => v.Version).ToListAsync(cancellationToken);

    /// <summary>The definition a work item runs on: the version it started with, whatever was published since.</summary>
    public async Task<ValueStreamDefinition> DefinitionAsync(string key, int version, CancellationToken cancellationToken = default)
    {
        if (definitions?.Find(key, version) is { } known)
        {
            return known;
        }

        var revision = await FindAsync(key, version, cancellationToken)
            ?? throw new InvalidOperationException($"Value stream '{key}' v{version} is referenced by work but missing from the catalogue.");
        var definition = DefinitionCache.Get(revision);
        definitions?.Remember(key, version, definition);
        return definition;
    }

    /// <summary>
    /// The newest version of the stream that serves <paramref name="demandType"/>, or of the one named explicitly, with
    /// its definition; refused as an unknown service when <paramref name="serviceKey"/> names none, since both are
    /// asked in the same round trip.
    /// </summary>
    public async Task<Result<(ValueStreamDefinition Definition, int Version)>> ForDemandAsync(
        string demandType, string? streamKey, string? serviceKey = null, CancellationToken cancellationToken = default)
    {
        // Every open demand asks, on any node, and another node may have published a newer version a moment ago:
        // the newest version of each stream is read each time, but only its key, number and demand types; the
        // definition itself comes from the process's cache of published versions.
        StreamHead? found = null;
        var any = false;
        await foreach (var head in LatestHeads.For(db)(db, serviceKey ?? "").WithCancellation(cancellationToken))
        {
            if (!head.ServiceKnown)
            {
                return UnknownService(serviceKey);
            }

            any = true;
            if (found is null && (string.IsNullOrWhiteSpace(streamKey)
                ? head.DemandTypes.Contains(demandType, StringComparer.OrdinalIgnoreCase)
                : head.Key == streamKey))
            {
                found = head;
            }
        }

        if (!any && serviceKey is not null && !await db.Services.AnyAsync(s => s.Key == serviceKey, cancellationToken))
        {
            return UnknownService(serviceKey);
        }

        if (found is null)
        {
            return string.IsNullOrWhiteSpace(streamKey)
                ? DomainError.Validation("no-value-stream-for-demand", $"No value stream serves demand of type '{demandType}'. Publish one that lists it under 'demand'.")
                : DomainError.NotFound("value-stream-not-found", $"There is no value stream '{streamKey}'.");
        }

        return (await DefinitionAsync(found.Key, found.Version, cancellationToken), found.Version);
    }

    internal static DomainError UnknownService(string? serviceKey) =>
        DomainError.Validation("unknown-service", $"There is no service '{serviceKey}'.", "service");

    private sealed record StreamHead(string Key, int Version, List<string> DemandTypes, bool ServiceKnown);

    /// <summary>The newest version of each stream, and whether the service demand names exists ('' for none).</summary>
    private static readonly CompiledPerModel<Func<ValueChainDbContext, string, IAsyncEnumerable<StreamHead>>> LatestHeads = new(() =>
        EF.CompileAsyncQuery((ValueChainDbContext db, string serviceKey) => db.ValueStreams
            .Where(v => v.Version == db.ValueStreams.Where(o => o.Key == v.Key).Max(o => o.Version))
            .OrderBy(v => v.Key)
            .Select(v => new StreamHead(v.Key, v.Version, v.DemandTypes, serviceKey == "" || db.Services.Any(s => s.Key == serviceKey)))));
}

/// <summary>
/// The definitions of published versions by stream and version, for the life of the process: a published version never
/// changes, so the work item page, transitions and intake need not read it from the database again. One per database
/// (a singleton of the server's services), since two databases may hold different streams under the same key and version.
/// </summary>
public sealed class PublishedDefinitions
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Key, int Version), ValueStreamDefinition> _definitions = new();

    public ValueStreamDefinition? Find(string key, int version) => _definitions.GetValueOrDefault((key, version));

    internal void Remember(string key, int version, ValueStreamDefinition definition) => _definitions.TryAdd((key, version), definition);
}

/// <summary>
/// Parsed definitions by content hash. A published version never changes, so parsing it once per process is enough
/// however many work items run on it.
/// </summary>
internal static class DefinitionCache
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ValueStreamDefinition> Definitions = new();

    public static ValueStreamDefinition Get(ValueStreamRevision revision) =>
        Definitions.GetOrAdd(revision.ContentHash, _ => revision.Definition);
}
