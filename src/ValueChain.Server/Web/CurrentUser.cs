using System.Security.Claims;
using ValueChain.Access;
using ValueChain.Server.Infrastructure.Security;

namespace ValueChain.Server.Web;

/// <summary>The signed-in person as pages see them: who they are and what their roles let them do.</summary>
internal sealed class CurrentUser(IHttpContextAccessor accessor)
{
    public ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsSignedIn => Principal.Identity?.IsAuthenticated == true;

    public string Name => Principal.Identity?.Name ?? "";

    public string DisplayName => Principal.FindFirstValue(AccountClaims.DisplayName) ?? Name;

    public string? AccountId => Principal.FindFirstValue(ClaimTypes.NameIdentifier);

    public bool Is(string role) => Principal.IsInRole(role);

    public bool IsStaff => Policies.StaffRoles.Any(Is);

    public bool CanWork => Is(Roles.Agent) || Is(Roles.Administrator);

    public bool CanPublishStreams => Is(Roles.ValueStreamOwner) || Is(Roles.Administrator);

    public bool CanPlan => Is(Roles.ServiceOwner) || Is(Roles.Administrator);

    public bool IsAdministrator => Is(Roles.Administrator);

    public IReadOnlyList<string> RoleNames => [.. Roles.All.Where(r => Is(r.Key)).Select(r => r.Name)];
}
