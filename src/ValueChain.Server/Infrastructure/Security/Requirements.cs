using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using ValueChain.Access;
using ValueChain.Data.Storage;
using ValueChain.ServiceValueSystem;

namespace ValueChain.Server.Infrastructure.Security;

/// <summary>
/// Requesters see and confirm their own demand only; the roles named here see all of it. On a work item's route
/// the item's requester decides; on the list, the <c>requester</c> filter must name the requester themselves.
/// </summary>
internal sealed record OwnDemandRequirement(IReadOnlyList<string> RolesSeeingAll) : IAuthorizationRequirement;

/// <summary>Agents work items whose current step belongs to one of their teams or value chain activities.</summary>
internal sealed record WorkMembershipRequirement : IAuthorizationRequirement;

internal sealed class OwnDemandHandler(ValueChainDbContext db) : AuthorizationHandler<OwnDemandRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OwnDemandRequirement requirement)
    {
        if (requirement.RolesSeeingAll.Any(context.User.IsInRole))
        {
            context.Succeed(requirement);
            return;
        }

        if (context.Resource is not HttpContext http || context.User.Identity?.Name is not { } self)
        {
            return;
        }

        if (WorkItemId(http) is { } id)
        {
            var requester = await db.WorkItems.AsNoTracking().Where(w => w.Id == id).Select(w => w.Requester).FirstOrDefaultAsync(http.RequestAborted);
            // An unknown id passes, so that it answers 404 like for anyone else rather than hinting with 403.
            var exists = requester is not null || await db.WorkItems.AnyAsync(w => w.Id == id, http.RequestAborted);
            if (!exists || string.Equals(requester, self, StringComparison.Ordinal))
            {
                context.Succeed(requirement);
            }

            return;
        }

        if (string.Equals(http.Request.Query["requester"].ToString(), self, StringComparison.Ordinal))
        {
            context.Succeed(requirement);
        }
    }

    internal static long? WorkItemId(HttpContext http) =>
        http.Request.RouteValues.TryGetValue("id", out var value)
        && long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
}

internal sealed class WorkMembershipHandler(ValueChainDbContext db) : AuthorizationHandler<WorkMembershipRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, WorkMembershipRequirement requirement)
    {
        if (context.User.IsInRole(Roles.Administrator))
        {
            context.Succeed(requirement);
            return;
        }

        if (context.Resource is not HttpContext http || OwnDemandHandler.WorkItemId(http) is not { } id
            || context.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } accountId)
        {
            return;
        }

        var item = await db.WorkItems.AsNoTracking().Where(w => w.Id == id)
            .Select(w => new { w.CurrentTeam, w.CurrentActivity }).FirstOrDefaultAsync(http.RequestAborted);
        if (item is null)
        {
            context.Succeed(requirement);
            return;
        }

        var account = await db.Users.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { a.Teams, a.Activities }).FirstOrDefaultAsync(http.RequestAborted);
        if (account is null)
        {
            return;
        }

        var inTeam = item.CurrentTeam is not null && account.Teams.Contains(item.CurrentTeam);
        var inActivity = item.CurrentActivity is { } activity && account.Activities.Contains(activity.Key());
        // A closed item has no current step; any agent may try, and the work item's own rules answer.
        if (inTeam || inActivity || item.CurrentActivity is null)
        {
            context.Succeed(requirement);
        }
    }
}
