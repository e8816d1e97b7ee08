using Microsoft.AspNetCore.Authorization;

namespace ValueChain.Server.Infrastructure.Security;

/// <summary>
/// Who may call each endpoint, by the endpoint's name (its OpenAPI operation id), in one table that can be read
/// top to bottom. Start-up fails for an endpoint without a rule, so a new endpoint cannot ship without one.
/// </summary>
internal static class AccessRules
{
    /// <summary>Endpoint name → policy; null means open to anonymous callers.</summary>
    public static IReadOnlyDictionary<string, string?> Rules { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        // Open: health, the API description, signing in.
        ["Health"] = null,
        ["SignIn"] = null,
        ["GetOpenApiDocument"] = null,
        ["ApiReference"] = null,
        ["ApiReferenceScript"] = null,
        ["ApiReferenceStartScript"] = null,
        ["ApiReferenceIcon"] = null,

        // Everyone signed in: who they are, their tokens, the reference model, opening demand.
        ["SignOut"] = Policies.Anyone,
        ["GetCurrentAccount"] = Policies.Anyone,
        ["ChangePassword"] = Policies.Anyone,
        ["ListApiTokens"] = Policies.Anyone,
        ["IssueApiToken"] = Policies.Anyone,
        ["RevokeApiToken"] = Policies.Anyone,
        ["GetReferenceModel"] = Policies.Anyone,
        ["ListDemandTypes"] = Policies.Anyone,
        ["OpenDemand"] = Policies.Anyone,
        ["ListServices"] = Policies.Anyone,

        // Work items: requesters their own, staff all; agents move them; requesters and agents confirm value or reopen.
        ["ListWorkItems"] = Policies.WorkItemReaders,
        ["GetWorkItem"] = Policies.WorkItemReaders,
        ["GetWorkItemEvents"] = Policies.WorkItemReaders,
        ["StartStep"] = Policies.WorkItemWorkers,
        ["WaitStep"] = Policies.WorkItemWorkers,
        ["ResumeStep"] = Policies.WorkItemWorkers,
        ["CompleteStep"] = Policies.WorkItemWorkers,
        ["LoopBack"] = Policies.WorkItemWorkers,
        ["CancelWorkItem"] = Policies.WorkItemWorkers,
        ["AssignWorkItem"] = Policies.WorkItemWorkers,
        ["ChangePriority"] = Policies.WorkItemWorkers,
        ["ConfirmValue"] = Policies.ValueConfirmers,
        ["ReopenWorkItem"] = Policies.ValueConfirmers,
        ["ListComments"] = Policies.WorkItemReaders,
        ["GetWorkItemClocks"] = Policies.WorkItemReaders,
        ["AddComment"] = Policies.WorkItemReaders,
        ["AnswerWorkItem"] = Policies.ValueConfirmers,

        // The value chain as staff see it.
        ["ListActivities"] = Policies.Staff,
        ["GetActivityInbox"] = Policies.Staff,
        ["GetFlowMap"] = Policies.Staff,
        ["GetValueChain"] = Policies.Staff,
        ["ListEvents"] = Policies.Staff,
        ["StreamEvents"] = Policies.Staff,
        ["ListArtifacts"] = Policies.Staff,
        ["GetArtifact"] = Policies.Staff,

        // The portfolio and the organization: staff read them, service owners and administrators change them.
        ["GetService"] = Policies.Staff,
        ["CreateService"] = Policies.Portfolio,
        ["UpdateService"] = Policies.Portfolio,
        ["MoveService"] = Policies.Portfolio,
        ["DeleteService"] = Policies.Portfolio,
        ["ListTeams"] = Policies.Staff,
        ["GetTeam"] = Policies.Staff,
        ["CreateTeam"] = Policies.Portfolio,
        ["UpdateTeam"] = Policies.Portfolio,
        ["DeleteTeam"] = Policies.Portfolio,
        ["ListStakeholders"] = Policies.Staff,
        ["GetStakeholder"] = Policies.Staff,
        ["CreateStakeholder"] = Policies.Portfolio,
        ["UpdateStakeholder"] = Policies.Portfolio,
        ["DeleteStakeholder"] = Policies.Portfolio,

        // Value streams: staff read them, their owners publish them.
        ["ListValueStreams"] = Policies.Staff,
        ["GetValueStream"] = Policies.Staff,
        ["ListValueStreamVersions"] = Policies.Staff,
        ["GetValueStreamVersion"] = Policies.Staff,
        ["DiffValueStreamVersions"] = Policies.Staff,
        ["GetValueStreamMap"] = Policies.Staff,

        // Metrics and process mining: what staff improve from.
        ["GetFlowMetrics"] = Policies.Staff,
        ["GetServiceLevelCompliance"] = Policies.Staff,
        ["GetFlowChart"] = Policies.Staff,
        ["GetProcessMining"] = Policies.Staff,
        ["ExportEventLog"] = Policies.Staff,
        ["PublishValueStream"] = Policies.StreamOwners,

        // Service levels: staff read the agreements, service owners and administrators publish them.
        ["GetAgreements"] = Policies.Staff,
        ["PublishAgreements"] = Policies.Portfolio,

        // Administration.
        ["ListAccounts"] = Policies.Administrators,
        ["GetAccount"] = Policies.Administrators,
        ["CreateAccount"] = Policies.Administrators,
        ["UpdateAccount"] = Policies.Administrators,
        ["ListRoles"] = Policies.Administrators,
        ["ListWebhooks"] = Policies.Administrators,
        ["GetWebhook"] = Policies.Administrators,
        ["CreateWebhook"] = Policies.Administrators,
        ["UpdateWebhook"] = Policies.Administrators,
        ["DeleteWebhook"] = Policies.Administrators,
        ["ListWebhookDeliveries"] = Policies.Administrators,
    };

    /// <summary>Puts each endpoint's rule on it; to be run after every other convention, when names are known.</summary>
    public static void Apply(EndpointBuilder endpoint)
    {
        var name = endpoint.Metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName;
        if (name is null || !Rules.TryGetValue(name, out var policy))
        {
            throw new InvalidOperationException(
                $"Endpoint '{name ?? endpoint.DisplayName}' has no access rule. Name it (WithName) and add it to {nameof(AccessRules)}.{nameof(Rules)}.");
        }

        endpoint.Metadata.Add(policy is null ? new AllowAnonymousAttribute() : new AuthorizeAttribute(policy));
    }
}
