using ValueChain.ServiceValueSystem;

namespace ValueChain.ValueStreams;

/// <summary>A position in a value stream source file; lines and columns count from 1.</summary>
public readonly record struct SourceLocation(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>A problem found in a value stream definition, located at the node that causes it.</summary>
/// <param name="Location">Where in the source text.</param>
/// <param name="Path">Where in the document, e.g. <c>steps[2].activity</c>.</param>
/// <param name="Message">What is wrong, in a sentence that suggests the fix.</param>
public sealed record DefinitionError(SourceLocation Location, string Path, string Message)
{
    public override string ToString() => $"{Location}: {Path}: {Message}";
}

/// <summary>
/// A value stream: the sequence of value chain activities an organization runs for one kind of demand,
/// from demand to value. Steps may branch and loop back.
/// </summary>
public sealed record ValueStreamDefinition(
    string Key,
    string Name,
    string? Description,
    IReadOnlyList<string> DemandTypes,
    string StartStepKey,
    IReadOnlyList<StepDefinition> Steps,
    ValueDefinition Value)
{
    /// <summary>The pseudo-step that ends a value stream; <c>next: value</c> means the work reaches value.</summary>
    public const string ValueTarget = "value";

    public StepDefinition? FindStep(string key) => Steps.FirstOrDefault(s => s.Key == key);

    public StepDefinition Step(string key) =>
        FindStep(key) ?? throw new InvalidOperationException($"Value stream '{Key}' has no step '{key}'.");

    /// <summary>The distinct activities the stream passes through, in first-visit order.</summary>
    public IReadOnlyList<ValueChainActivity> Activities => Steps.Select(s => s.Activity).Distinct().ToList();
}

/// <summary>One step of a value stream: an activity, the practices that support it and where it leads.</summary>
public sealed record StepDefinition(
    string Key,
    string Name,
    ValueChainActivity Activity,
    IReadOnlyList<string> Practices,
    string? Team,
    TimeSpan? Target,
    IReadOnlyList<string> Consumes,
    IReadOnlyList<string> Produces,
    IReadOnlyList<string> Next,
    string? Description = null)
{
    public bool LeadsToValue => Next.Contains(ValueStreamDefinition.ValueTarget);
}

/// <summary>The value a stream ends in, and who confirms that it was realized.</summary>
public sealed record ValueDefinition(string Outcome, string ConfirmedBy)
{
    public static IReadOnlyList<string> Confirmers { get; } = ["requester", "customer", "service-owner", "sponsor"];
}
