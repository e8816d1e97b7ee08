namespace ValueChain.ServiceValueSystem;

/// <summary>The six activities of the ITIL 4 service value chain.</summary>
public enum ValueChainActivity
{
    Plan,
    Improve,
    Engage,
    DesignAndTransition,
    ObtainBuild,
    DeliverAndSupport,
}

/// <summary>A value chain activity as a first-class object: its stable key, its name and why it exists.</summary>
public sealed record ActivityInfo(ValueChainActivity Activity, string Key, string Name, string Purpose, IReadOnlyList<string> OwnedRecords);

/// <summary>Reference data for the six activities, and the keys used for them in files and URLs.</summary>
public static class ValueChainActivities
{
    public static IReadOnlyList<ActivityInfo> All { get; } =
    [
        new(ValueChainActivity.Plan, "plan", "Plan",
            "Give everyone the same picture of where the services and the four dimensions stand and where they are going.",
            ["strategies", "plans", "policies", "portfolio decisions", "roadmaps", "budgets", "risk assessments"]),
        new(ValueChainActivity.Improve, "improve", "Improve",
            "Keep making products, services, practices and the whole service value system better, step by measured step.",
            ["improvement initiatives", "key performance indicators", "status reports", "reviews"]),
        new(ValueChainActivity.Engage, "engage", "Engage",
            "Understand what stakeholders need, stay transparent with them and handle every interaction with them well.",
            ["stakeholders", "demand and opportunities", "feedback", "agreements", "communications"]),
        new(ValueChainActivity.DesignAndTransition, "design-transition", "Design and transition",
            "Make sure new and changed services meet expectations for quality, cost and time to market.",
            ["service designs", "requirements and specifications", "changes", "releases", "transition plans"]),
        new(ValueChainActivity.ObtainBuild, "obtain-build", "Obtain/build",
            "Have service components available when and where they are needed, built or bought to agreed specifications.",
            ["service components", "configuration items", "procurement", "build tasks", "supplier contracts"]),
        new(ValueChainActivity.DeliverAndSupport, "deliver-support", "Deliver and support",
            "Deliver, operate and support services as agreed and as the consumers expect.",
            ["incidents", "service requests", "operational tasks", "monitoring events", "service level clocks"]),
    ];

    private static readonly Dictionary<string, ActivityInfo> ByKey = All.ToDictionary(a => a.Key, StringComparer.OrdinalIgnoreCase);

    public static ActivityInfo Info(this ValueChainActivity activity) => All[IndexOf(activity)];

    public static string Key(this ValueChainActivity activity) => activity.Info().Key;

    public static bool TryParse(string? key, out ValueChainActivity activity)
    {
        if (key is not null && ByKey.TryGetValue(key, out var info))
        {
            activity = info.Activity;
            return true;
        }

        activity = default;
        return false;
    }

    public static string KeyList => string.Join(", ", All.Select(a => a.Key));

    private static int IndexOf(ValueChainActivity activity)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i].Activity == activity)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(activity), activity, "Not a value chain activity.");
    }
}
