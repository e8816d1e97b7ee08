using Microsoft.EntityFrameworkCore;
using ValueChain.Common;
using ValueChain.Data.Storage;
using ValueChain.Engage;

namespace ValueChain.Data.Engage;

/// <summary>Which stakeholders to list; <paramref name="Search"/> matches key, name or organization.</summary>
public sealed record StakeholderFilter(StakeholderKind? Kind = null, string? Search = null, int Offset = 0, int Limit = 50);

/// <summary>A stakeholder to add; the kind is a word so that a wrong one is reported with the other fields.</summary>
public sealed record NewStakeholder(string? Key, string? Name, string? Kind, string? Email, string? Organization);

/// <summary>The new details of a stakeholder. A key, when given, must be the stakeholder's own: keys never change.</summary>
public sealed record StakeholderChanges(string? Key, string? Name, string? Kind, string? Email, string? Organization);

/// <summary>The customers, users, suppliers and partners the organization engages with.</summary>
public sealed class Stakeholders(ValueChainDbContext db)
{
    public async Task<(IReadOnlyList<Stakeholder> Items, int Total)> ListAsync(StakeholderFilter filter, CancellationToken cancellationToken = default)
    {
        var query = db.Stakeholders.AsNoTracking();
        if (filter.Kind is { } kind)
        {
            query = query.Where(s => s.Kind == kind);
        }

        if (Edits.Term(filter.Search) is { } term)
        {
            query = query.Where(s => s.Key.Contains(term) || s.Name.ToLower().Contains(term)
                || (s.Organization != null && s.Organization.ToLower().Contains(term)));
        }

        var (offset, limit) = Edits.Paging(filter.Offset, filter.Limit);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(s => s.Key).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        return (items, total);
    }

    public Task<Stakeholder?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        db.Stakeholders.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, cancellationToken);

    public async Task<Result<Stakeholder>> CreateAsync(NewStakeholder request, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var kind = ParseKind(errors, request.Kind);
        var created = Stakeholder.Create(request.Key, request.Name, kind, request.Email, request.Organization);
        errors.Add(created.Error);
        if (!errors.IsEmpty)
        {
            return errors.ToError("invalid-stakeholder", "The stakeholder is not valid.");
        }

        var stakeholder = created.Value;
        if (await db.Stakeholders.AnyAsync(s => s.Key == stakeholder.Key, cancellationToken))
        {
            return DomainError.Conflict("stakeholder-exists", $"There is already a stakeholder '{stakeholder.Key}'.");
        }

        db.Stakeholders.Add(stakeholder);
        return await Edits.SaveAsync(db, $"Stakeholder '{stakeholder.Key}'", "stakeholder-exists", cancellationToken) is { } failed ? failed : stakeholder;
    }

    public async Task<Result<Stakeholder>> UpdateAsync(string key, StakeholderChanges changes, int? expectedRevision, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(key, expectedRevision, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        var errors = new FieldErrors();
        if (changes.Key is not null && changes.Key != key)
        {
            errors.Add("key", $"A stakeholder keeps its key; work items refer to '{key}'. Create a new stakeholder for a new key.");
        }

        var kind = ParseKind(errors, changes.Kind);
        var updated = found.Value.Update(changes.Name, kind, changes.Email, changes.Organization);
        errors.Add(updated.Error);
        if (!errors.IsEmpty)
        {
            db.ChangeTracker.Clear();
            return errors.ToError("invalid-stakeholder", "The stakeholder is not valid.");
        }

        return await Edits.SaveAsync(db, $"Stakeholder '{key}'", "stakeholder-exists", cancellationToken) is { } failed ? failed : updated;
    }

    /// <summary>Deletes a stakeholder no work item names as its requester.</summary>
    public async Task<Result<Stakeholder>> DeleteAsync(string key, int? expectedRevision, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(key, expectedRevision, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        var requested = await db.WorkItems.CountAsync(w => w.Requester == key, cancellationToken);
        var deletable = found.Value.CheckDeletable(requested);
        if (!deletable.IsSuccess)
        {
            db.ChangeTracker.Clear();
            return deletable;
        }

        db.Stakeholders.Remove(found.Value);
        return await Edits.SaveAsync(db, $"Stakeholder '{key}'", "stakeholder-exists", cancellationToken) is { } failed ? failed : found.Value;
    }

    private async Task<Result<Stakeholder>> FindAsync(string key, int? expectedRevision, CancellationToken cancellationToken)
    {
        var stakeholder = await db.Stakeholders.FirstOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (stakeholder is null)
        {
            return NotFound(key);
        }

        if (Edits.CheckRevision($"Stakeholder '{key}'", expectedRevision, stakeholder.Revision) is { } stale)
        {
            db.ChangeTracker.Clear();
            return stale;
        }

        return stakeholder;
    }

    private static StakeholderKind ParseKind(FieldErrors errors, string? kind)
    {
        if (!Words.TryParse<StakeholderKind>(kind, out var parsed))
        {
            errors.Add("kind", kind is null
                ? $"Say what kind of stakeholder this is: one of {Words.List<StakeholderKind>()}."
                : $"Unknown kind '{kind}'; use one of {Words.List<StakeholderKind>()}.");
        }

        return parsed;
    }

    public static DomainError NotFound(string key) => DomainError.NotFound("stakeholder-not-found", $"There is no stakeholder '{key}'.");
}
