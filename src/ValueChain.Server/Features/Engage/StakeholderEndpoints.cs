using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Common;
using ValueChain.Data.Engage;
using ValueChain.Engage;
using ValueChain.Server.Infrastructure;

namespace ValueChain.Server.Features.Engage;

/// <param name="Kind">customer, user, supplier or partner.</param>
public sealed record StakeholderRequest(string? Key, string? Name, string? Kind, string? Email, string? Organization);

public sealed record StakeholderDto(string Key, string Name, StakeholderKind Kind, string? Email, string? Organization, int Revision)
{
    public static StakeholderDto From(Stakeholder s) => new(s.Key, s.Name, s.Kind, s.Email, s.Organization, s.Revision);
}

/// <summary>The customers, users, suppliers and partners the organization engages with.</summary>
internal static class StakeholderEndpoints
{
    public static RouteGroupBuilder MapStakeholderEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/stakeholders").WithTags("Stakeholders");
        group.MapGet("/", ListAsync).WithName("ListStakeholders")
            .WithSummary("Customers, users, suppliers and partners, by key, filtered by kind or a search in key, name and organization.");
        group.MapGet("/{key}", GetAsync).WithName("GetStakeholder")
            .WithSummary("One stakeholder; the ETag carries its revision.");
        group.MapPost("/", CreateAsync).WithName("CreateStakeholder").WithSummary("Add a stakeholder.");
        group.MapPut("/{key}", UpdateAsync).WithName("UpdateStakeholder")
            .WithSummary("Replace a stakeholder's name, kind, email and organization; If-Match makes a stale write a 412.");
        group.MapDelete("/{key}", DeleteAsync).WithName("DeleteStakeholder")
            .WithSummary("Delete a stakeholder that no work item names as its requester.");
        return group;
    }

    private static async Task<Results<Ok<Page<StakeholderDto>>, ProblemHttpResult>> ListAsync(
        Stakeholders stakeholders, CancellationToken ct, string? kind = null, string? q = null, int offset = 0, int limit = Paging.DefaultLimit)
    {
        var errors = new FieldErrors().CheckPaging(offset, limit);
        StakeholderKind? parsed = null;
        if (kind is not null)
        {
            if (Words.TryParse<StakeholderKind>(kind, out var value))
            {
                parsed = value;
            }
            else
            {
                errors.Add("kind", $"Unknown kind '{kind}'; use one of {Words.List<StakeholderKind>()}.");
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.From(errors.ToError("invalid-query", "The query is not valid."));
        }

        var (items, total) = await stakeholders.ListAsync(new StakeholderFilter(parsed, q, offset, limit), ct);
        return TypedResults.Ok(new Page<StakeholderDto>([.. items.Select(StakeholderDto.From)], total, offset, limit));
    }

    private static async Task<Results<Ok<StakeholderDto>, ProblemHttpResult>> GetAsync(string key, HttpContext http, Stakeholders stakeholders, CancellationToken ct)
    {
        var stakeholder = await stakeholders.GetAsync(key, ct);
        return stakeholder is null ? Problems.From(Stakeholders.NotFound(key)) : Ok(stakeholder, http);
    }

    private static async Task<Results<Created<StakeholderDto>, ProblemHttpResult>> CreateAsync(
        StakeholderRequest body, HttpContext http, Stakeholders stakeholders, CancellationToken ct)
    {
        var created = await stakeholders.CreateAsync(new NewStakeholder(body.Key, body.Name, body.Kind, body.Email, body.Organization), ct);
        if (!created.IsSuccess)
        {
            return Problems.From(created.Error!);
        }

        http.Response.Headers.ETag = Requests.ETag(created.Value.Revision);
        return TypedResults.Created($"/api/v1/stakeholders/{created.Value.Key}", StakeholderDto.From(created.Value));
    }

    private static async Task<Results<Ok<StakeholderDto>, ProblemHttpResult>> UpdateAsync(
        string key, StakeholderRequest body, HttpContext http, Stakeholders stakeholders, CancellationToken ct)
    {
        if (!http.TryGetIfMatch(out var expected, out var error))
        {
            return Problems.Invalid("bad-if-match", error!);
        }

        var updated = await stakeholders.UpdateAsync(key, new StakeholderChanges(body.Key, body.Name, body.Kind, body.Email, body.Organization), expected, ct);
        return updated.IsSuccess ? Ok(updated.Value, http) : Problems.From(updated.Error!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string key, HttpContext http, Stakeholders stakeholders, CancellationToken ct)
    {
        if (!http.TryGetIfMatch(out var expected, out var error))
        {
            return Problems.Invalid("bad-if-match", error!);
        }

        var deleted = await stakeholders.DeleteAsync(key, expected, ct);
        return deleted.IsSuccess ? TypedResults.NoContent() : Problems.From(deleted.Error!);
    }

    private static Ok<StakeholderDto> Ok(Stakeholder stakeholder, HttpContext http)
    {
        http.Response.Headers.ETag = Requests.ETag(stakeholder.Revision);
        return TypedResults.Ok(StakeholderDto.From(stakeholder));
    }
}
