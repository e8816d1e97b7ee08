namespace ValueChain.ValueStreams;

/// <summary>How one step changed between two versions of a stream: the names of the fields that differ.</summary>
public sealed record StepChange(string Step, IReadOnlyList<string> Fields);

/// <summary>What changed in a value stream's structure from one version to another, beyond its text.</summary>
public sealed record ValueStreamComparison(
    IReadOnlyList<string> StepsAdded,
    IReadOnlyList<string> StepsRemoved,
    IReadOnlyList<StepChange> StepsChanged,
    IReadOnlyList<string> DemandTypesAdded,
    IReadOnlyList<string> DemandTypesRemoved,
    IReadOnlyList<string> StreamFieldsChanged)
{
    public bool IsEmpty =>
        StepsAdded.Count + StepsRemoved.Count + StepsChanged.Count + DemandTypesAdded.Count + DemandTypesRemoved.Count
        + StreamFieldsChanged.Count == 0;

    /// <summary>Compares two definitions step by step, matching steps by key.</summary>
    public static ValueStreamComparison Between(ValueStreamDefinition from, ValueStreamDefinition to)
    {
        var oldSteps = from.Steps.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var newSteps = to.Steps.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var changed = to.Steps
            .Where(s => oldSteps.ContainsKey(s.Key))
            .Select(s => new StepChange(s.Key, ChangedFields(oldSteps[s.Key], s)))
            .Where(c => c.Fields.Count > 0)
            .ToList();

        var streamFields = new List<string>();
        Check(streamFields, "name", from.Name, to.Name);
        Check(streamFields, "description", from.Description, to.Description);
        Check(streamFields, "start", from.StartStepKey, to.StartStepKey);
        Check(streamFields, "value.outcome", from.Value.Outcome, to.Value.Outcome);
        Check(streamFields, "value.confirmed-by", from.Value.ConfirmedBy, to.Value.ConfirmedBy);

        return new ValueStreamComparison(
            [.. to.Steps.Where(s => !oldSteps.ContainsKey(s.Key)).Select(s => s.Key)],
            [.. from.Steps.Where(s => !newSteps.ContainsKey(s.Key)).Select(s => s.Key)],
            changed,
            [.. to.DemandTypes.Except(from.DemandTypes, StringComparer.Ordinal)],
            [.. from.DemandTypes.Except(to.DemandTypes, StringComparer.Ordinal)],
            streamFields);
    }

    private static List<string> ChangedFields(StepDefinition a, StepDefinition b)
    {
        var fields = new List<string>();
        Check(fields, "name", a.Name, b.Name);
        Check(fields, "description", a.Description, b.Description);
        Check(fields, "activity", a.Activity, b.Activity);
        Check(fields, "team", a.Team, b.Team);
        Check(fields, "target", a.Target, b.Target);
        CheckList(fields, "practices", a.Practices, b.Practices);
        CheckList(fields, "consumes", a.Consumes, b.Consumes);
        CheckList(fields, "produces", a.Produces, b.Produces);
        CheckList(fields, "next", a.Next, b.Next);
        return fields;
    }

    private static void Check<T>(List<string> fields, string name, T a, T b)
    {
        if (!EqualityComparer<T>.Default.Equals(a, b))
        {
            fields.Add(name);
        }
    }

    private static void CheckList(List<string> fields, string name, IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (!a.SequenceEqual(b, StringComparer.Ordinal))
        {
            fields.Add(name);
        }
    }
}
