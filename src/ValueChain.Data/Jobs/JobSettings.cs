using Microsoft.Extensions.Configuration;

namespace ValueChain.Data.Jobs;

/// <summary>How a node runs background jobs: <c>ValueChain:Jobs:*</c> in configuration.</summary>
public sealed record JobSettings
{
    /// <summary>Whether this node claims and runs jobs at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>This node's name in leases and delivery logs; by default the machine name and process id.</summary>
    public string NodeId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How long a claim lasts; a node that dies holding one loses it after this long.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often an idle node looks for work.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many jobs a node claims at once.</summary>
    public int BatchSize { get; init; } = 20;

    /// <summary>Attempts before a failing job is given up as dead.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>The wait before the second attempt; it doubles with each attempt after that.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a node looks at the service level clocks of open work for warnings, breaches and escalations.</summary>
    public TimeSpan ServiceLevelInterval { get; init; } = TimeSpan.FromSeconds(30);

    public static JobSettings From(IConfiguration configuration)
    {
        var defaults = new JobSettings();
        var section = configuration.GetSection("ValueChain:Jobs");
        return new JobSettings
        {
            Enabled = section.GetValue("Enabled", defaults.Enabled),
            NodeId = section["NodeId"] is { Length: > 0 } node ? node : defaults.NodeId,
            LeaseDuration = section.GetValue("LeaseDuration", defaults.LeaseDuration),
            PollInterval = section.GetValue("PollInterval", defaults.PollInterval),
            BatchSize = section.GetValue("BatchSize", defaults.BatchSize),
            MaxAttempts = section.GetValue("MaxAttempts", defaults.MaxAttempts),
            RetryBackoff = section.GetValue("RetryBackoff", defaults.RetryBackoff),
            ServiceLevelInterval = section.GetValue("ServiceLevelInterval", defaults.ServiceLevelInterval),
        };
    }
}
