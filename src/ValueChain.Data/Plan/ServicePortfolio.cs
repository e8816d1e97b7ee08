using Microsoft.EntityFrameworkCore;
using ValueChain.Common;
using ValueChain.Data.Storage;
using ValueChain.Plan;

namespace ValueChain.Data.Plan;

/// <summary>Which services to list; every criterion is optional. <paramref name="Search"/> matches key or name.</summary>
public sealed record ServiceFilter(ServiceLifecycle? Lifecycle = null, string? OwnerTeam = null, string? Search = null, int Offset = 0, int Limit = 50);

/// <summary>A service to add to the portfolio; the lifecycle is a word (default pipeline) so a wrong one is reported with the rest.</summary>
public sealed record NewService(string? Key, string? Name, string? Description, string? Lifecycle, string? OwnerTeam);

/// <summary>
/// The new details of a service. A key or lifecycle, when given, must be the service's own: keys never change, and
/// the lifecycle changes only by a move, so that a stale copy sent back cannot undo one.
/// </summary>
public sealed record ServiceChanges(string? Key, string? Name, string? Description, string? OwnerTeam, string? Lifecycle = null);

/// <summary>The service portfolio: pipeline, catalogue and retired services, and the moves between them.</summary>
public sealed class ServicePortfolio(ValueChainDbContext db)
{
    public async Task<(IReadOnlyList<Service> Items, int Total)> ListAsync(ServiceFilter filter, CancellationToken cancellationToken = default)
    {
        var query = db.Services.AsNoTracking();
        if (filter.Lifecycle is { } lifecycle)
        {
            query = query.Where(s => s.Lifecycle == lifecycle);
        }

        if (filter.OwnerTeam is { } team)
        {
            query = query.Where(s => s.OwnerTeamKey == team);
        }

        if (Edits.Term(filter.Search) is { } term)
        {
            query = query.Where(s => s.Key.Contains(term) || s.Name.ToLower().Contains(term));
        }

        var (offset, limit) = Edits.Paging(filter.Offset, filter.Limit);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(s => s.Key).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        return (items, total);
    }

    public Task<Service?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, cancellationToken);

    public async Task<Result<Service>> CreateAsync(NewService request, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var lifecycle = ServiceLifecycle.Pipeline;
        if (request.Lifecycle is not null && !Words.TryParse(request.Lifecycle, out lifecycle))
        {
            errors.Add("lifecycle", $"Unknown lifecycle '{request.Lifecycle}'; a new service starts in the pipeline or the catalogue.");
        }

        var created = Service.Create(request.Key, request.Name, request.Description, lifecycle, request.OwnerTeam);
        errors.Add(created.Error);
        await CheckOwnerAsync(errors, request.OwnerTeam, cancellationToken);
        if (!errors.IsEmpty)
        {
            return errors.ToError("invalid-service", "The service is not valid.");
        }

        var service = created.Value;
        if (await db.Services.AnyAsync(s => s.Key == service.Key, cancellationToken))
        {
            return Exists(service.Key);
        }

        db.Services.Add(service);
        return await Edits.SaveAsync(db, $"Service '{service.Key}'", "service-exists", cancellationToken) is { } failed ? failed : service;
    }

    public async Task<Result<Service>> UpdateAsync(string key, ServiceChanges changes, int? expectedRevision, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(key, expectedRevision, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        var service = found.Value;
        var errors = new FieldErrors();
        if (changes.Key is not null && changes.Key != key)
        {
            errors.Add("key", $"A service keeps its key; work items and reports refer to '{key}'. Create a new service for a new key.");
        }

        if (changes.Lifecycle is not null && !(Words.TryParse<ServiceLifecycle>(changes.Lifecycle, out var lifecycle) && lifecycle == service.Lifecycle))
        {
            errors.Add("lifecycle", $"Service '{key}' is in the {Words.Of(service.Lifecycle)}; move it with POST /api/v1/services/{key}/lifecycle.");
        }

        var updated = service.Update(changes.Name, changes.Description, changes.OwnerTeam);
        errors.Add(updated.Error);
        await CheckOwnerAsync(errors, changes.OwnerTeam, cancellationToken);
        if (!errors.IsEmpty)
        {
            db.ChangeTracker.Clear();
            return errors.ToError("invalid-service", "The service is not valid.");
        }

        return await Edits.SaveAsync(db, $"Service '{key}'", "service-exists", cancellationToken) is { } failed ? failed : service;
    }

    /// <summary>Moves a service in its lifecycle (see <see cref="Service.CanMove"/>): launch, withdraw, retire, plan again.</summary>
    public async Task<Result<Service>> MoveAsync(string key, string? to, int? expectedRevision, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(key, expectedRevision, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        if (!Words.TryParse<ServiceLifecycle>(to, out var target))
        {
            db.ChangeTracker.Clear();
            return new FieldErrors()
                .Add("to", $"Say where the service moves: one of {Words.List<ServiceLifecycle>()}.")
                .ToError("invalid-lifecycle-move", "The move is not valid.");
        }

        var moved = found.Value.MoveTo(target);
        if (!moved.IsSuccess)
        {
            db.ChangeTracker.Clear();
            return moved;
        }

        return await Edits.SaveAsync(db, $"Service '{key}'", "service-exists", cancellationToken) is { } failed ? failed : moved;
    }

    /// <summary>Deletes a pipeline service that no work refers to; any other is retired instead.</summary>
    public async Task<Result<Service>> DeleteAsync(string key, int? expectedRevision, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(key, expectedRevision, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        var work = await db.WorkItems.CountAsync(w => w.ServiceKey == key, cancellationToken);
        var deletable = found.Value.CheckDeletable(work);
        if (!deletable.IsSuccess)
        {
            db.ChangeTracker.Clear();
            return deletable;
        }

        db.Services.Remove(found.Value);
        return await Edits.SaveAsync(db, $"Service '{key}'", "service-exists", cancellationToken) is { } failed ? failed : found.Value;
    }

    private async Task<Result<Service>> FindAsync(string key, int? expectedRevision, CancellationToken cancellationToken)
    {
        var service = await db.Services.FirstOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (service is null)
        {
            return NotFound(key);
        }

        if (Edits.CheckRevision($"Service '{key}'", expectedRevision, service.Revision) is { } stale)
        {
            db.ChangeTracker.Clear();
            return stale;
        }

        return service;
    }

    private async Task CheckOwnerAsync(FieldErrors errors, string? ownerTeam, CancellationToken cancellationToken)
    {
        var team = ownerTeam?.Trim();
        if (!string.IsNullOrEmpty(team) && !await db.Teams.AnyAsync(t => t.Key == team, cancellationToken))
        {
            errors.Add("ownerTeam", $"There is no team '{team}'.");
        }
    }

    public static DomainError NotFound(string key) => DomainError.NotFound("service-not-found", $"There is no service '{key}'.");

    private static DomainError Exists(string key) => DomainError.Conflict("service-exists", $"There is already a service '{key}'.");
}
