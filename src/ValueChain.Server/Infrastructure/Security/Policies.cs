using Microsoft.AspNetCore.Authorization;
using ValueChain.Access;

namespace ValueChain.Server.Infrastructure.Security;

/// <summary>
/// The authorization policies. Each names the roles that may pass it; some add a check on the thing being
/// touched (whose demand it is, which team's step it is at) that a role alone cannot decide.
/// </summary>
internal static class Policies
{
    public const string Anyone = "anyone";
    public const string Staff = "staff";
    public const string WorkItemReaders = "work-item-readers";
    public const string WorkItemWorkers = "work-item-workers";
    public const string ValueConfirmers = "value-confirmers";
    public const string StreamOwners = "stream-owners";
    public const string Portfolio = "portfolio";
    public const string Administrators = "administrators";

    public static readonly string[] StaffRoles = [Roles.Agent, Roles.ValueStreamOwner, Roles.ServiceOwner, Roles.Administrator];

    /// <summary>The roles that pass each policy on role alone; the role matrix test reads this too.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> RolesOf { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Anyone] = [.. Roles.All.Select(r => r.Key)],
        [Staff] = StaffRoles,
        [WorkItemReaders] = [.. Roles.All.Select(r => r.Key)],
        [WorkItemWorkers] = [Roles.Agent, Roles.Administrator],
        [ValueConfirmers] = [Roles.Requester, Roles.Agent, Roles.Administrator],
        [StreamOwners] = [Roles.ValueStreamOwner, Roles.Administrator],
        [Portfolio] = [Roles.ServiceOwner, Roles.Administrator],
        [Administrators] = [Roles.Administrator],
    };

    public static void Add(AuthorizationBuilder authorization)
    {
        foreach (var (name, roles) in RolesOf)
        {
            authorization.AddPolicy(name, policy =>
            {
                policy.RequireAuthenticatedUser().RequireRole(roles);
                if (name is WorkItemReaders or ValueConfirmers)
                {
                    policy.AddRequirements(new OwnDemandRequirement(name == ValueConfirmers ? [Roles.Agent, Roles.Administrator] : StaffRoles));
                }

                if (name is WorkItemWorkers)
                {
                    policy.AddRequirements(new WorkMembershipRequirement());
                }
            });
        }

        // An endpoint without a rule is refused at start-up (see AccessRules); this is the net under that net.
        authorization.SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }
}
