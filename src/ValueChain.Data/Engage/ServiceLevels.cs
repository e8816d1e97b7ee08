using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ValueChain.Common;
using ValueChain.Data.Storage;
using ValueChain.Engage;
using ValueChain.Engage.Agreements;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Engage;

/// <summary>
/// The organization's service level agreements: published as versions of one YAML file (calendars and agreements),
/// and the clocks of a work item, replayed from its events against every version in force during its life.
/// </summary>
public sealed class ServiceLevels(ValueChainDbContext db, TimeProvider clock)
{
    private static readonly ConcurrentDictionary<string, AgreementSet> Parsed = new(StringComparer.Ordinal);

    public Task<AgreementVersion?> CurrentAsync(CancellationToken cancellationToken = default) =>
        db.AgreementVersions.AsNoTracking().OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The latest published versions, newest first.</summary>
    public async Task<IReadOnlyList<AgreementVersion>> HistoryAsync(int limit = 20, CancellationToken cancellationToken = default) =>
        await db.AgreementVersions.AsNoTracking().OrderByDescending(v => v.Version).Take(limit).ToListAsync(cancellationToken);

    /// <summary>
    /// Publishes a new version in force from now. Invalid text is refused with every located problem; the same text as
    /// the current version publishes nothing. With <paramref name="expectedVersion"/>, a newer current version is a conflict.
    /// </summary>
    public async Task<Result<(AgreementVersion Version, bool Created)>> PublishAsync(
        string source, string publishedBy, int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var read = AgreementReader.Read(source);
        if (!read.IsValid)
        {
            var errors = new FieldErrors();
            foreach (var error in read.Errors)
            {
                errors.Add(string.IsNullOrEmpty(error.Path) ? "source" : error.Path, $"{error.Message} (line {error.Location.Line}, column {error.Location.Column})");
            }

            return errors.ToError("invalid-agreements", $"The agreements have {read.Errors.Count} problem(s).");
        }

        var current = await CurrentAsync(cancellationToken);
        if (expectedVersion is { } expected && expected != (current?.Version ?? 0))
        {
            return DomainError.Conflict("stale-revision",
                $"The agreements are at version {current?.Version ?? 0}, not {expected}; read them again before publishing.");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));
        if (current?.ContentHash == hash)
        {
            return (current, false);
        }

        var version = new AgreementVersion((current?.Version ?? 0) + 1, source, hash, publishedBy, clock.GetUtcNow());
        db.AgreementVersions.Add(version);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (StorageErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return DomainError.Conflict("agreements-changed", "Someone published the agreements at the same time; read them again and retry.");
        }

        Parsed.TryAdd(hash, read.Set!);
        return (version, true);
    }

    /// <summary>
    /// The service level clocks of a work item now: every agreement that applies to it (by demand type, service, the
    /// requester's customer organization and priority), evaluated from its events.
    /// </summary>
    public async Task<IReadOnlyList<ItemClock>> ClocksAsync(
        WorkItem item, ValueStreamDefinition stream, IReadOnlyList<WorkItemEvent> events, CancellationToken cancellationToken = default)
    {
        var sets = await VersionsAsync(cancellationToken);
        if (sets.Count == 0 || events.Count == 0)
        {
            return [];
        }

        var subject = new AgreementSubject(item.DemandType, item.ServiceKey, await CustomerOfAsync(item.Requester, cancellationToken));
        var replayed = events.OrderBy(e => e.Sequence).Select(e => ClockEvent.From(e, stream)).ToList();
        return AgreementClocks.Evaluate(sets, subject, replayed, clock.GetUtcNow());
    }

    /// <summary>The customer a requester belongs to: the customer stakeholder named as their organization.</summary>
    private async Task<string?> CustomerOfAsync(string? requester, CancellationToken cancellationToken)
    {
        if (requester is null)
        {
            return null;
        }

        var organization = await db.Stakeholders.AsNoTracking().Where(s => s.Key == requester).Select(s => s.Organization).FirstOrDefaultAsync(cancellationToken);
        return organization is null
            ? null
            : await db.Stakeholders.AsNoTracking()
                .Where(s => s.Kind == StakeholderKind.Customer && (s.Name == organization || s.Key == organization))
                .Select(s => s.Key).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Every published version, oldest first, each with the instant it took effect.</summary>
    internal async Task<IReadOnlyList<AgreementSetVersion>> VersionsAsync(CancellationToken cancellationToken)
    {
        var versions = await db.AgreementVersions.AsNoTracking().OrderBy(v => v.Version).ToListAsync(cancellationToken);
        return [.. versions.Select(v => new AgreementSetVersion(v.EffectiveFrom, Parse(v)))];
    }

    private static AgreementSet Parse(AgreementVersion version) =>
        Parsed.GetOrAdd(version.ContentHash, _ => AgreementReader.Read(version.Source).Set
            ?? throw new InvalidOperationException($"Published agreements version {version.Version} no longer reads; the reader must stay compatible."));
}
