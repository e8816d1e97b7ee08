using System.Text.RegularExpressions;
using ValueChain.Engage;
using ValueChain.Improve.Mining;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Improve.Import;

/// <summary>What becomes of a source activity: a <see cref="HistoryAction"/> at a step, or nothing.</summary>
/// <param name="Activity">The activity as the source writes it.</param>
/// <param name="Action">What it does to the work item; null when its rows are ignored.</param>
/// <param name="StepKey">The step it happens at; null for the current step.</param>
/// <param name="Reason">Why the step waits, for a wait.</param>
/// <param name="Location">Where the mapping file says so.</param>
public sealed record ActivityRule(string Activity, HistoryAction? Action, string? StepKey, WaitReason? Reason, SourceLocation Location)
{
    public bool Ignored => Action is null;

    /// <summary>The history event a source event of this activity makes.</summary>
    public HistoryEvent ToHistory(LogEvent source) =>
        new(Action ?? throw new InvalidOperationException($"Activity '{Activity}' is ignored."), StepKey, source.Timestamp, source.Resource, Reason, Activity);
}

/// <summary>
/// Where a field of an imported work item comes from: a fixed value, or an attribute of the case's first event,
/// optionally translated through <see cref="Values"/> (source value to ValueChain value).
/// </summary>
public sealed record FieldSource(string? Fixed, string? Attribute, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The value for a case whose first event is <paramref name="first"/>; null when the source has none to give.</summary>
    public string? ValueFor(LogEvent first)
    {
        if (Fixed is not null)
        {
            return Fixed;
        }

        if (Attribute is null || first.Attribute(Attribute) is not { } value)
        {
            return null;
        }

        return Values.Count == 0 ? value : Values.GetValueOrDefault(value);
    }
}

/// <summary>What the import does with a source activity the mapping does not name.</summary>
public enum UnmappedActivities
{
    /// <summary>Its rows are rejected, each with its line and reason.</summary>
    Reject,
    /// <summary>Its rows are left out without a word.</summary>
    Ignore,
}

/// <summary>
/// How an event log becomes work items of a value stream: the stream and demand type, where the title, service,
/// priority and requester come from, and what each source activity means for the work (see <c>imports/</c>).
/// </summary>
public sealed partial record HistoryMapping(
    string ValueStream,
    SourceLocation ValueStreamLocation,
    string? DemandType,
    SourceLocation? DemandTypeLocation,
    string TitleTemplate,
    FieldSource? Service,
    FieldSource? Priority,
    FieldSource? Requester,
    UnmappedActivities Unmapped,
    IReadOnlyDictionary<string, ActivityRule> Activities)
{
    /// <summary>The most characters a work item title keeps; longer rendered titles are cut.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>The attributes of the source events that the mapping reads: readers must keep them.</summary>
    public IReadOnlyList<string> Attributes =>
        TitleAttributes(TitleTemplate)
            .Concat(new[] { Service, Priority, Requester }.Select(f => f?.Attribute).OfType<string>())
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The rule for a source activity, or null when the mapping does not name it.</summary>
    public ActivityRule? Rule(string activity) => Activities.GetValueOrDefault(activity);

    /// <summary>
    /// Checks the mapping against the stream it names: every step exists and the stream serves the demand type.
    /// Returns the errors, located in the mapping file.
    /// </summary>
    public IReadOnlyList<DefinitionError> Check(ValueStreamDefinition stream)
    {
        var errors = new List<DefinitionError>();
        if (DemandType is { } demandType && !stream.DemandTypes.Contains(demandType, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(new DefinitionError(DemandTypeLocation ?? ValueStreamLocation, "demand-type",
                $"Value stream '{stream.Key}' does not serve demand of type '{demandType}'; it serves {string.Join(", ", stream.DemandTypes)}."));
        }

        foreach (var rule in Activities.Values)
        {
            if (rule.StepKey is { } step && stream.FindStep(step) is null)
            {
                errors.Add(new DefinitionError(rule.Location, $"activities.{rule.Activity}.step",
                    $"Value stream '{stream.Key}' has no step '{step}'. Its steps: {string.Join(", ", stream.Steps.Select(s => s.Key))}."));
            }
        }

        return errors;
    }

    /// <summary>The demand type imported items get: the one named, or the first the stream serves.</summary>
    public string DemandTypeFor(ValueStreamDefinition stream) => DemandType ?? stream.DemandTypes[0];

    /// <summary>The title of a case's work item: the template with <c>{case}</c> and <c>{attr:name}</c> filled in.</summary>
    public string Title(LogEvent first)
    {
        var title = Placeholder().Replace(TitleTemplate, match => match.Groups["attr"].Success
            ? first.Attribute(match.Groups["attr"].Value) ?? ""
            : first.CaseId).Trim();
        if (title.Length == 0)
        {
            title = first.CaseId;
        }

        return title.Length <= MaxTitleLength ? title : title[..(MaxTitleLength - 1)] + "…";
    }

    /// <summary>The priority of a case's work item; medium when the source says nothing the mapping knows.</summary>
    public Priority PriorityFor(LogEvent first) =>
        Priority?.ValueFor(first) is { } value && TryParsePriority(value, out var priority) ? priority : Engage.Priority.Medium;

    internal static bool TryParsePriority(string text, out Priority priority)
    {
        foreach (var candidate in Enum.GetValues<Priority>())
        {
            if (string.Equals(candidate.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                priority = candidate;
                return true;
            }
        }

        priority = Engage.Priority.Medium;
        return false;
    }

    /// <summary>The placeholders of a title template that are not <c>{case}</c> or <c>{attr:name}</c>.</summary>
    internal static IEnumerable<string> UnknownPlaceholders(string template) =>
        AnyPlaceholder().Matches(template).Select(m => m.Value).Where(p => Placeholder().Match(p) is not { Success: true } m || m.Length != p.Length);

    private static IEnumerable<string> TitleAttributes(string template) =>
        Placeholder().Matches(template).Where(m => m.Groups["attr"].Success).Select(m => m.Groups["attr"].Value);

    [GeneratedRegex(@"\{case\}|\{attr:(?<attr>[^{}]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex AnyPlaceholder();
}
