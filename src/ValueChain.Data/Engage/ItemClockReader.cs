using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using ValueChain.Data.Storage;
using ValueChain.Data.ValueStreams;
using ValueChain.Engage;
using ValueChain.Engage.Agreements;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Engage;

/// <summary>One work item's clocks as of an instant, with the events they were replayed from and the item's revision then.</summary>
public sealed record ItemClocks(long WorkItemId, string? Service, string? Customer, IReadOnlyList<ClockEvent> Events, IReadOnlyList<ItemClock> Clocks, int Revision);

/// <summary>What decides a work item's clocks besides time and the agreements: its revision (one per event) and its customer.</summary>
public readonly record struct ItemClockHead(long WorkItemId, int Revision, string? Customer);

/// <summary>
/// The service level clocks of many work items, read a batch at a time: the agreements, the stream definitions and the
/// requesters' customers once, and one query for the events of each batch of items, whatever their number.
/// </summary>
public sealed class ItemClockReader(ValueChainDbContext db, ServiceLevels levels, ValueStreamCatalog catalog)
{
    /// <summary>How many work items' events are read at a time.</summary>
    public const int BatchSize = 500;

    /// <summary>
    /// The clocks of <paramref name="items"/> as of <paramref name="asOf"/>, in id order. Nothing when no agreements are
    /// published; work closed before the first agreements took effect is skipped, since no clock of it ever ran, and so
    /// is work for which <paramref name="skip"/> says so, before its events are read.
    /// </summary>
    public async IAsyncEnumerable<ItemClocks> ReadAsync(
        IQueryable<WorkItem> items,
        DateTimeOffset asOf,
        Func<ItemClockHead, bool>? skip = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var versions = await levels.VersionsAsync(cancellationToken);
        if (versions.Count == 0)
        {
            yield break;
        }

        var firstInForce = versions[0].EffectiveFrom;
        var heads = await items
            .Where(w => w.ClosedAt == null || w.ClosedAt >= firstInForce)
            .OrderBy(w => w.Id)
            .Select(w => new { w.Id, w.Revision, w.ValueStreamKey, w.ValueStreamVersion, w.DemandType, w.ServiceKey, w.Requester })
            .ToListAsync(cancellationToken);
        if (heads.Count == 0)
        {
            yield break;
        }

        var customers = await CustomersAsync(cancellationToken);
        string? CustomerOf(string? requester) => requester is null ? null : customers.GetValueOrDefault(requester);
        var wanted = skip is null ? heads : heads.Where(h => !skip(new ItemClockHead(h.Id, h.Revision, CustomerOf(h.Requester)))).ToList();
        var streams = new Dictionary<(string Key, int Version), ValueStreamDefinition>();
        foreach (var batch in wanted.Chunk(BatchSize))
        {
            var ids = batch.Select(i => i.Id).ToList();
            var events = (await db.Events.AsNoTracking()
                    .Where(e => ids.Contains(e.WorkItemId) && e.OccurredAt <= asOf)
                    .OrderBy(e => e.WorkItemId).ThenBy(e => e.Sequence)
                    .ToListAsync(cancellationToken))
                .GroupBy(e => e.WorkItemId)
                .ToDictionary(g => g.Key, g => g.ToList());
            foreach (var item in batch)
            {
                if (!events.TryGetValue(item.Id, out var stored))
                {
                    continue;
                }

                var key = (item.ValueStreamKey, item.ValueStreamVersion);
                if (!streams.TryGetValue(key, out var stream))
                {
                    streams[key] = stream = await catalog.DefinitionAsync(item.ValueStreamKey, item.ValueStreamVersion, cancellationToken);
                }

                var replayed = stored.Select(e => ClockEvent.From(e, stream)).ToList();
                var customer = CustomerOf(item.Requester);
                var clocks = AgreementClocks.Evaluate(versions, new AgreementSubject(item.DemandType, item.ServiceKey, customer), replayed, asOf);
                yield return new ItemClocks(item.Id, item.ServiceKey, customer, replayed, clocks, item.Revision);
            }
        }
    }

    /// <summary>Requester → the customer they belong to: the customer stakeholder named as their organization.</summary>
    private async Task<Dictionary<string, string>> CustomersAsync(CancellationToken cancellationToken)
    {
        var stakeholders = await db.Stakeholders.AsNoTracking().Select(s => new { s.Key, s.Name, s.Kind, s.Organization }).ToListAsync(cancellationToken);
        var customers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var customer in stakeholders.Where(s => s.Kind == StakeholderKind.Customer))
        {
            customers.TryAdd(customer.Name, customer.Key);
            customers.TryAdd(customer.Key, customer.Key);
        }

        var byRequester = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var person in stakeholders.Where(s => s.Organization is not null))
        {
            if (customers.TryGetValue(person.Organization!, out var key))
            {
                byRequester[person.Key] = key;
            }
        }

        return byRequester;
    }
}
