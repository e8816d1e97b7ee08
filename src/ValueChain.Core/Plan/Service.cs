using ValueChain.Common;

namespace ValueChain.Plan;

/// <summary>Where a service stands in the portfolio.</summary>
public enum ServiceLifecycle
{
    /// <summary>Proposed or being built: not yet offered to consumers.</summary>
    Pipeline,
    /// <summary>Live: offered to consumers, who may raise demand against it.</summary>
    Catalogue,
    /// <summary>No longer offered; kept because work and reports refer to it.</summary>
    Retired,
}

/// <summary>A product or service in the organization's portfolio.</summary>
public sealed class Service
{
    private Service()
    {
        Key = Name = string.Empty;
    }

    /// <summary>A service as it stands, e.g. from an existing portfolio; throws when the details break a rule.</summary>
    public Service(string key, string name, string? description, ServiceLifecycle lifecycle, string? ownerTeamKey)
        : this()
    {
        var errors = new FieldErrors();
        Text.KebabKey(errors, key, "customer-portal");
        Key = key;
        Lifecycle = lifecycle;
        Apply(errors, name, description, ownerTeamKey);
        if (!errors.IsEmpty)
        {
            throw new ArgumentException(errors.ToError("invalid-service", $"Service '{key}' is not valid.").Message);
        }
    }

    public string Key { get; private set; }

    public string Name { get; private set; }

    public string? Description { get; private set; }

    public ServiceLifecycle Lifecycle { get; private set; }

    public string? OwnerTeamKey { get; private set; }

    /// <summary>One more on every change; the API's ETag, so that a stale edit is refused instead of overwriting.</summary>
    public int Revision { get; private set; } = 1;

    /// <summary>The lifecycle moves this service can make now.</summary>
    public IReadOnlyList<ServiceLifecycle> Moves => [.. Enum.GetValues<ServiceLifecycle>().Where(to => CanMove(Lifecycle, to))];

    /// <summary>
    /// A new service for the portfolio. It enters in the pipeline (proposed) or, when it is already live, in the
    /// catalogue; retiring is a move made later. Whether the owner team exists is for storage to check.
    /// </summary>
    public static Result<Service> Create(string? key, string? name, string? description, ServiceLifecycle lifecycle, string? ownerTeamKey)
    {
        var errors = new FieldErrors();
        Text.KebabKey(errors, key, "customer-portal");
        if (lifecycle == ServiceLifecycle.Retired)
        {
            errors.Add("lifecycle", "A new service enters the portfolio in the pipeline or the catalogue; retiring it is a later move.");
        }

        var service = new Service { Key = key ?? string.Empty, Lifecycle = lifecycle };
        service.Apply(errors, name, description, ownerTeamKey);
        return errors.IsEmpty ? service : errors.ToError("invalid-service", "The service is not valid.");
    }

    /// <summary>Replaces the name, description and owner team; the key and the lifecycle do not change here.</summary>
    public Result<Service> Update(string? name, string? description, string? ownerTeamKey)
    {
        var errors = new FieldErrors();
        var candidate = new Service();
        candidate.Apply(errors, name, description, ownerTeamKey);
        if (!errors.IsEmpty)
        {
            return errors.ToError("invalid-service", "The service is not valid.");
        }

        Name = candidate.Name;
        Description = candidate.Description;
        OwnerTeamKey = candidate.OwnerTeamKey;
        Revision++;
        return this;
    }

    /// <summary>
    /// Whether a service may move from <paramref name="from"/> to <paramref name="to"/> in the portfolio:
    /// pipeline → catalogue (launched), pipeline → retired (withdrawn before launch), catalogue → retired, and
    /// retired → pipeline (planned again). A retired service never returns to the catalogue directly: it goes
    /// through the pipeline, where it is designed and transitioned like any new service. A live service never
    /// goes back to the pipeline: while it changes it stays in the catalogue, and to stop offering it is to retire it.
    /// </summary>
    public static bool CanMove(ServiceLifecycle from, ServiceLifecycle to) => (from, to) switch
    {
        (ServiceLifecycle.Pipeline, ServiceLifecycle.Catalogue) => true,
        (ServiceLifecycle.Pipeline, ServiceLifecycle.Retired) => true,
        (ServiceLifecycle.Catalogue, ServiceLifecycle.Retired) => true,
        (ServiceLifecycle.Retired, ServiceLifecycle.Pipeline) => true,
        _ => false,
    };

    /// <summary>Moves the service to <paramref name="to"/>, or says why it may not go there (see <see cref="CanMove"/>).</summary>
    public Result<Service> MoveTo(ServiceLifecycle to)
    {
        if (to == Lifecycle)
        {
            return DomainError.InvalidTransition("lifecycle-unchanged", $"Service '{Key}' is already in the {Words.Of(to)}.");
        }

        if (!CanMove(Lifecycle, to))
        {
            var why = (Lifecycle, to) switch
            {
                (ServiceLifecycle.Retired, ServiceLifecycle.Catalogue) =>
                    "a retired service returns to the catalogue only through the pipeline, where it is planned and transitioned again",
                (ServiceLifecycle.Catalogue, ServiceLifecycle.Pipeline) =>
                    "a live service stays in the catalogue while it changes; to stop offering it, retire it",
                _ => "that move is not part of the portfolio lifecycle",
            };
            var moves = Moves.Count == 0 ? "none" : string.Join(" or ", Moves.Select(Words.Of));
            return DomainError.InvalidTransition("lifecycle-move-not-allowed",
                $"Service '{Key}' cannot move from the {Words.Of(Lifecycle)} to the {Words.Of(to)}: {why}. It can move to: {moves}.");
        }

        Lifecycle = to;
        Revision++;
        return this;
    }

    /// <summary>
    /// Only a service still in the pipeline with no work ever raised against it may be deleted; any other has a
    /// history that reports and work items refer to, and is retired instead.
    /// </summary>
    public Result<Service> CheckDeletable(int workItems)
    {
        if (Lifecycle != ServiceLifecycle.Pipeline)
        {
            return DomainError.InvalidTransition("service-not-deletable",
                $"Service '{Key}' is in the {Words.Of(Lifecycle)}; only a pipeline service can be deleted. Retire it instead.");
        }

        return workItems > 0
            ? DomainError.InvalidTransition("service-has-work",
                $"Service '{Key}' has {workItems} work item(s) raised against it; retire it instead of deleting it.")
            : this;
    }

    private void Apply(FieldErrors errors, string? name, string? description, string? ownerTeamKey)
    {
        Name = Text.Name(errors, name, "service");
        Description = Text.Optional(errors, description, "description", Text.DescriptionMaxLength);
        OwnerTeamKey = Text.Clean(ownerTeamKey);
    }
}

/// <summary>What refers to a team: it may be deleted only when nothing does.</summary>
/// <param name="Steps">Steps of the current versions of value streams, as <c>stream/step</c>.</param>
/// <param name="Members">User names of the accounts that work in the team.</param>
/// <param name="Services">Keys of the services the team owns.</param>
/// <param name="ActiveWork">Work items waiting at one of the team's steps, on whatever version they run.</param>
public sealed record TeamUsage(IReadOnlyList<string> Steps, IReadOnlyList<string> Members, IReadOnlyList<string> Services, int ActiveWork);

/// <summary>A team that owns steps of value streams and the work at them.</summary>
public sealed class Team
{
    private Team()
    {
        Key = Name = string.Empty;
    }

    /// <summary>A team as it stands; throws when the details break a rule.</summary>
    public Team(string key, string name, string? description)
    {
        var created = Create(key, name, description);
        if (!created.IsSuccess)
        {
            throw new ArgumentException(created.Error!.Message);
        }

        Key = key;
        Name = created.Value.Name;
        Description = created.Value.Description;
    }

    public string Key { get; private set; }

    public string Name { get; private set; }

    public string? Description { get; private set; }

    /// <summary>One more on every change; the API's ETag.</summary>
    public int Revision { get; private set; } = 1;

    public static Result<Team> Create(string? key, string? name, string? description)
    {
        var errors = new FieldErrors();
        Text.KebabKey(errors, key, "service-desk");
        var team = new Team
        {
            Key = key ?? string.Empty,
            Name = Text.Name(errors, name, "team"),
            Description = Text.Optional(errors, description, "description", Text.DescriptionMaxLength),
        };
        return errors.IsEmpty ? team : errors.ToError("invalid-team", "The team is not valid.");
    }

    public Result<Team> Update(string? name, string? description)
    {
        var errors = new FieldErrors();
        var cleanName = Text.Name(errors, name, "team");
        var cleanDescription = Text.Optional(errors, description, "description", Text.DescriptionMaxLength);
        if (!errors.IsEmpty)
        {
            return errors.ToError("invalid-team", "The team is not valid.");
        }

        Name = cleanName;
        Description = cleanDescription;
        Revision++;
        return this;
    }

    /// <summary>A team that value streams route work to, that people work in or that owns services stays.</summary>
    public Result<Team> CheckDeletable(TeamUsage usage)
    {
        var uses = new List<string>();
        if (usage.Steps.Count > 0)
        {
            uses.Add($"value stream steps ({string.Join(", ", usage.Steps)})");
        }

        if (usage.ActiveWork > 0)
        {
            uses.Add($"{usage.ActiveWork} active work item(s) at its steps");
        }

        if (usage.Members.Count > 0)
        {
            uses.Add($"accounts ({string.Join(", ", usage.Members)})");
        }

        if (usage.Services.Count > 0)
        {
            uses.Add($"the services it owns ({string.Join(", ", usage.Services)})");
        }

        return uses.Count == 0
            ? this
            : DomainError.InvalidTransition("team-in-use", $"Team '{Key}' is still referred to by {Text.Join(uses)}; move those to another team first.");
    }
}
