using Microsoft.EntityFrameworkCore;
using ValueChain.Common;
using ValueChain.Data.Storage;
using ValueChain.Data.ValueStreams;
using ValueChain.Plan;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Data.Plan;

public sealed record NewTeam(string? Key, string? Name, string? Description);

/// <summary>The new details of a team. A key, when given, must be the team's own: keys never change.</summary>
public sealed record TeamChanges(string? Key, string? Name, string? Description);

public sealed record TeamMember(string UserName, string DisplayName);

/// <summary>A step of the current version of a value stream that routes its work to the team.</summary>
public sealed record TeamStep(string ValueStream, int Version, string Step, string Name, ValueChainActivity Activity);

/// <summary>A team with the people who work in it, the steps it owns and the services it is responsible for.</summary>
public sealed record TeamDetails(Team Team, IReadOnlyList<TeamMember> Members, IReadOnlyList<TeamStep> Steps, IReadOnlyList<string> Services);

/// <summary>The teams that own value stream steps and services.</summary>
public sealed class Teams(ValueChainDbContext db, ValueStreamCatalog catalog)
{
    public async Task<(IReadOnlyList<Team> Items, int Total)> ListAsync(string? search, int offset, int limit, CancellationToken cancellationToken = default)
    {
        var query = db.Teams.AsNoTracking();
        if (Edits.Term(search) is { } term)
        {
            query = query.Where(t => t.Key.Contains(term) || t.Name.ToLower().Contains(term));
        }

        var paging = Edits.Paging(offset, limit);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(t => t.Key).Skip(paging.Offset).Take(paging.Limit).ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<TeamDetails?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Key == key, cancellationToken);
        if (team is null)
        {
            return null;
        }

        var members = await db.Users.AsNoTracking().Where(a => a.Teams.Contains(key)).OrderBy(a => a.UserName)
            .Select(a => new TeamMember(a.UserName!, a.DisplayName)).ToListAsync(cancellationToken);
        var services = await ServicesOwnedAsync(key, cancellationToken);
        return new TeamDetails(team, members, await StepsAsync(key, cancellationToken), services);
    }

    public async Task<Result<Team>> CreateAsync(NewTeam request, CancellationToken cancellationToken = default)
    {
        var created = Team.Create(request.Key, request.Name, request.Description);
        if (!created.IsSuccess)
        {
            return created;
        }

        var team = created.Value;
        if (await db.Teams.AnyAsync(t => t.Key == team.Key, cancellationToken))
        {
            return DomainError.Conflict("team-exists", $"There is already a team '{team.Key}'.");
        }

        db.Teams.Add(team);
        return await Edits.SaveAsync(db, $"Team '{team.Key}'", "team-exists", cancellationToken) is { } failed ? failed : team;
    }

    public async Task<Result<Team>> UpdateAsync(string key, TeamChanges changes, int? expectedRevision, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(key, expectedRevision, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        var errors = new FieldErrors();
        if (changes.Key is not null && changes.Key != key)
        {
            errors.Add("key", $"A team keeps its key; value streams, accounts and services refer to '{key}'. Create a new team for a new key.");
        }

        var updated = found.Value.Update(changes.Name, changes.Description);
        errors.Add(updated.Error);
        if (!errors.IsEmpty)
        {
            db.ChangeTracker.Clear();
            return errors.ToError("invalid-team", "The team is not valid.");
        }

        return await Edits.SaveAsync(db, $"Team '{key}'", "team-exists", cancellationToken) is { } failed ? failed : updated;
    }

    /// <summary>
    /// Deletes a team nothing refers to: no step of the current version of a published value stream, no active
    /// work at its steps (on whatever version it runs), no account and no service.
    /// </summary>
    public async Task<Result<Team>> DeleteAsync(string key, int? expectedRevision, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(key, expectedRevision, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        var usage = new TeamUsage(
            [.. (await StepsAsync(key, cancellationToken)).Select(s => $"{s.ValueStream}/{s.Step}")],
            await db.Users.AsNoTracking().Where(a => a.Teams.Contains(key)).OrderBy(a => a.UserName).Select(a => a.UserName!).ToListAsync(cancellationToken),
            await ServicesOwnedAsync(key, cancellationToken),
            await db.WorkItems.CountAsync(w => w.State == WorkItemState.Active && w.CurrentTeam == key, cancellationToken));
        var deletable = found.Value.CheckDeletable(usage);
        if (!deletable.IsSuccess)
        {
            db.ChangeTracker.Clear();
            return deletable;
        }

        db.Teams.Remove(found.Value);
        return await Edits.SaveAsync(db, $"Team '{key}'", "team-exists", cancellationToken) is { } failed ? failed : found.Value;
    }

    /// <summary>The steps of the current version of every value stream that route work to the team.</summary>
    private async Task<IReadOnlyList<TeamStep>> StepsAsync(string key, CancellationToken cancellationToken)
    {
        var streams = await catalog.LatestOfEachAsync(cancellationToken);
        return [.. streams.SelectMany(stream => DefinitionCache.Get(stream).Steps
            .Where(step => step.Team == key)
            .Select(step => new TeamStep(stream.Key, stream.Version, step.Key, step.Name, step.Activity)))];
    }

    private async Task<IReadOnlyList<string>> ServicesOwnedAsync(string key, CancellationToken cancellationToken) =>
        await db.Services.AsNoTracking().Where(s => s.OwnerTeamKey == key).OrderBy(s => s.Key).Select(s => s.Key).ToListAsync(cancellationToken);

    private async Task<Result<Team>> FindAsync(string key, int? expectedRevision, CancellationToken cancellationToken)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Key == key, cancellationToken);
        if (team is null)
        {
            return NotFound(key);
        }

        if (Edits.CheckRevision($"Team '{key}'", expectedRevision, team.Revision) is { } stale)
        {
            db.ChangeTracker.Clear();
            return stale;
        }

        return team;
    }

    public static DomainError NotFound(string key) => DomainError.NotFound("team-not-found", $"There is no team '{key}'.");
}
