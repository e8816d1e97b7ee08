using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Common;
using ValueChain.Data.Plan;
using ValueChain.Plan;
using ValueChain.Server.Infrastructure;
using ValueChain.ServiceValueSystem;

namespace ValueChain.Server.Features.Plan;

public sealed record TeamRequest(string? Key, string? Name, string? Description);

public sealed record TeamDto(string Key, string Name, string? Description, int Revision)
{
    public static TeamDto From(Team t) => new(t.Key, t.Name, t.Description, t.Revision);
}

public sealed record TeamStepDto(string ValueStream, int Version, string Step, string Name, string Activity);

/// <param name="Members">Accounts that work the team's steps.</param>
/// <param name="Steps">Steps of the current value stream versions that route work to the team.</param>
/// <param name="Services">Services the team owns.</param>
public sealed record TeamDetailDto(
    string Key, string Name, string? Description, int Revision, IReadOnlyList<TeamMember> Members, IReadOnlyList<TeamStepDto> Steps, IReadOnlyList<string> Services)
{
    public static TeamDetailDto From(TeamDetails d) => new(
        d.Team.Key, d.Team.Name, d.Team.Description, d.Team.Revision, d.Members,
        [.. d.Steps.Select(s => new TeamStepDto(s.ValueStream, s.Version, s.Step, s.Name, s.Activity.Key()))], d.Services);
}

/// <summary>The teams that own value stream steps and services.</summary>
internal static class TeamEndpoints
{
    public static RouteGroupBuilder MapTeamEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/teams").WithTags("Portfolio");
        group.MapGet("/", ListAsync).WithName("ListTeams")
            .WithSummary("Teams that own value stream steps, by key, with a search in key and name.");
        group.MapGet("/{key}", GetAsync).WithName("GetTeam")
            .WithSummary("One team with its members, the value stream steps it owns and its services; the ETag carries its revision.");
        group.MapPost("/", CreateAsync).WithName("CreateTeam").WithSummary("Add a team.");
        group.MapPut("/{key}", UpdateAsync).WithName("UpdateTeam")
            .WithSummary("Replace a team's name and description; If-Match makes a stale write a 412.");
        group.MapDelete("/{key}", DeleteAsync).WithName("DeleteTeam")
            .WithSummary("Delete a team that no value stream step, active work, account or service refers to.");
        return group;
    }

    private static async Task<Results<Ok<Page<TeamDto>>, ProblemHttpResult>> ListAsync(
        Teams teams, CancellationToken ct, string? q = null, int offset = 0, int limit = Paging.DefaultLimit)
    {
        var errors = new FieldErrors().CheckPaging(offset, limit);
        if (!errors.IsEmpty)
        {
            return Problems.From(errors.ToError("invalid-query", "The query is not valid."));
        }

        var (items, total) = await teams.ListAsync(q, offset, limit, ct);
        return TypedResults.Ok(new Page<TeamDto>([.. items.Select(TeamDto.From)], total, offset, limit));
    }

    private static async Task<Results<Ok<TeamDetailDto>, ProblemHttpResult>> GetAsync(string key, HttpContext http, Teams teams, CancellationToken ct)
    {
        if (await teams.GetAsync(key, ct) is not { } details)
        {
            return Problems.From(Teams.NotFound(key));
        }

        http.Response.Headers.ETag = Requests.ETag(details.Team.Revision);
        return TypedResults.Ok(TeamDetailDto.From(details));
    }

    private static async Task<Results<Created<TeamDto>, ProblemHttpResult>> CreateAsync(TeamRequest body, HttpContext http, Teams teams, CancellationToken ct)
    {
        var created = await teams.CreateAsync(new NewTeam(body.Key, body.Name, body.Description), ct);
        if (!created.IsSuccess)
        {
            return Problems.From(created.Error!);
        }

        http.Response.Headers.ETag = Requests.ETag(created.Value.Revision);
        return TypedResults.Created($"/api/v1/teams/{created.Value.Key}", TeamDto.From(created.Value));
    }

    private static async Task<Results<Ok<TeamDto>, ProblemHttpResult>> UpdateAsync(
        string key, TeamRequest body, HttpContext http, Teams teams, CancellationToken ct)
    {
        if (!http.TryGetIfMatch(out var expected, out var error))
        {
            return Problems.Invalid("bad-if-match", error!);
        }

        var updated = await teams.UpdateAsync(key, new TeamChanges(body.Key, body.Name, body.Description), expected, ct);
        if (!updated.IsSuccess)
        {
            return Problems.From(updated.Error!);
        }

        http.Response.Headers.ETag = Requests.ETag(updated.Value.Revision);
        return TypedResults.Ok(TeamDto.From(updated.Value));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string key, HttpContext http, Teams teams, CancellationToken ct)
    {
        if (!http.TryGetIfMatch(out var expected, out var error))
        {
            return Problems.Invalid("bad-if-match", error!);
        }

        var deleted = await teams.DeleteAsync(key, expected, ct);
        return deleted.IsSuccess ? TypedResults.NoContent() : Problems.From(deleted.Error!);
    }
}
