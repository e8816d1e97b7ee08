using ValueChain.Common;
using ValueChain.Engage;
using ValueChain.ValueStreams;
using ValueChain.ValueStreams.Runs;
using YamlDotNet.RepresentationModel;

namespace ValueChain.Improve.Import;

/// <summary>The outcome of reading a history mapping: the mapping, or every problem found in it.</summary>
public sealed record HistoryMappingReadResult(HistoryMapping? Mapping, IReadOnlyList<DefinitionError> Errors)
{
    public bool IsValid => Mapping is not null && Errors.Count == 0;
}

/// <summary>
/// Reads a history mapping written as YAML. Every error carries the line and column of the node at fault; checks
/// that need the value stream (steps, demand type) are <see cref="HistoryMapping.Check"/>.
/// </summary>
public static class HistoryMappingReader
{
    private static readonly string[] RootFields = ["value-stream", "demand-type", "title", "service", "priority", "requester", "unmapped", "activities"];
    private static readonly string[] SourceFields = ["attribute", "values"];
    private static readonly string[] RuleFields = ["step", "action", "reason"];

    private static readonly Dictionary<string, HistoryAction?> Actions = new(StringComparer.Ordinal)
    {
        ["enter"] = HistoryAction.Enter,
        ["start"] = HistoryAction.Start,
        ["wait"] = HistoryAction.Wait,
        ["deliver"] = HistoryAction.Deliver,
        ["value"] = HistoryAction.Value,
        ["cancel"] = HistoryAction.Cancel,
        ["ignore"] = null,
    };

    private static string ActionList => string.Join(", ", Actions.Keys);

    private static string ReasonList => string.Join(", ", Enum.GetValues<WaitReason>().Select(r => r.ToString().ToLowerInvariant()));

    private static string PriorityList => string.Join(", ", Enum.GetValues<Priority>().Select(p => p.ToString().ToLowerInvariant()));

    public static HistoryMappingReadResult Read(string text)
    {
        var (root, loadError) = YamlSource.Load(text);
        if (loadError is not null)
        {
            return new HistoryMappingReadResult(null, [loadError]);
        }

        if (root is not YamlMappingNode mapping)
        {
            return new HistoryMappingReadResult(null,
                [new DefinitionError(root is null ? new(1, 1) : YamlSource.At(root.Start), "", "A history mapping is a mapping with value-stream and activities.")]);
        }

        var errors = new List<DefinitionError>();
        var yaml = new YamlFields(errors);
        Located? stream = null, demandType = null, unmapped = null;
        var title = "{case}";
        FieldSource? service = null, priority = null, requester = null;
        var rules = new Dictionary<string, ActivityRule>(StringComparer.Ordinal);
        YamlNode? activitiesNode = null;
        foreach (var (field, value) in yaml.Fields(mapping, "", RootFields))
        {
            switch (field)
            {
                case "value-stream":
                    stream = yaml.Scalar(value, field);
                    break;
                case "demand-type":
                    demandType = yaml.Scalar(value, field);
                    if (demandType is not null && DemandTypes.Find(demandType.Value) is null)
                    {
                        yaml.Error(value, field, $"Unknown demand type '{demandType.Value}'. Known types: {DemandTypes.KeyList}.");
                    }

                    break;
                case "title":
                    if (yaml.Scalar(value, field) is { } template)
                    {
                        title = template.Value;
                        foreach (var unknown in HistoryMapping.UnknownPlaceholders(title))
                        {
                            yaml.Error(value, field, $"Unknown placeholder '{unknown}' in the title; use {{case}} or {{attr:<attribute>}}.");
                        }
                    }

                    break;
                case "service":
                    service = Source(yaml, value, field, _ => null);
                    break;
                case "priority":
                    priority = Source(yaml, value, field, p => HistoryMapping.TryParsePriority(p, out _) ? null : $"Unknown priority '{p}'; use {PriorityList}.");
                    break;
                case "requester":
                    requester = Source(yaml, value, field, _ => null);
                    break;
                case "unmapped":
                    unmapped = yaml.Scalar(value, field);
                    if (unmapped is not null && unmapped.Value is not ("reject" or "ignore"))
                    {
                        yaml.Error(value, field, $"Unknown policy '{unmapped.Value}' for unmapped activities; use reject (the default) or ignore.");
                    }

                    break;
                case "activities":
                    activitiesNode = value;
                    Rules(yaml, value, rules);
                    break;
            }
        }

        if (stream is null && !errors.Any(e => e.Path == "value-stream"))
        {
            errors.Add(new DefinitionError(YamlSource.At(mapping.Start), "value-stream", "Name the value stream the work items run on: value-stream: <key>."));
        }

        if (activitiesNode is null)
        {
            errors.Add(new DefinitionError(YamlSource.At(mapping.Start), "activities", "Say what each activity of the source means: activities: { <activity>: { step: <step>, action: <action> } }."));
        }

        if (errors.Count > 0)
        {
            return new HistoryMappingReadResult(null, errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList());
        }

        return new HistoryMappingReadResult(new HistoryMapping(
            stream!.Value,
            stream.Location,
            demandType?.Value.ToLowerInvariant(),
            demandType?.Location,
            title,
            service,
            priority,
            requester,
            unmapped?.Value == "ignore" ? UnmappedActivities.Ignore : UnmappedActivities.Reject,
            rules), []);
    }

    /// <summary>A fixed value (a scalar) or <c>{ attribute, values }</c>; <paramref name="checkValue"/> says what is wrong with a value.</summary>
    private static FieldSource? Source(YamlFields yaml, YamlNode node, string path, Func<string, string?> checkValue)
    {
        if (node is YamlScalarNode)
        {
            if (yaml.Scalar(node, path) is not { } fixedValue)
            {
                return null;
            }

            if (checkValue(fixedValue.Value) is { } problem)
            {
                yaml.Error(node, path, problem);
            }

            return new FieldSource(fixedValue.Value, null, new Dictionary<string, string>());
        }

        if (node is not YamlMappingNode mapping)
        {
            yaml.Error(node, path, "Give a fixed value, or { attribute: <attribute>, values: { <source value>: <value> } }.");
            return null;
        }

        string? attribute = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, value) in yaml.Fields(mapping, path, SourceFields))
        {
            if (field == "attribute")
            {
                attribute = yaml.Scalar(value, $"{path}.attribute")?.Value;
                continue;
            }

            if (value is not YamlMappingNode pairs)
            {
                yaml.Error(value, $"{path}.values", "Expected a mapping from source values to values here.");
                continue;
            }

            foreach (var (keyNode, valueNode) in pairs.Children)
            {
                var from = (keyNode as YamlScalarNode)?.Value ?? "";
                if (yaml.Scalar(valueNode, $"{path}.values.{from}") is { } to)
                {
                    if (checkValue(to.Value) is { } problem)
                    {
                        yaml.Error(valueNode, $"{path}.values.{from}", problem);
                    }

                    values[from] = to.Value;
                }
            }
        }

        if (attribute is null)
        {
            yaml.Error(node, $"{path}.attribute", "Name the attribute of the source events that holds this value.");
            return null;
        }

        return new FieldSource(null, attribute, values);
    }

    private static void Rules(YamlFields yaml, YamlNode node, Dictionary<string, ActivityRule> rules)
    {
        if (node is not YamlMappingNode activities)
        {
            yaml.Error(node, "activities", "Expected a mapping from each source activity to what it means.");
            return;
        }

        foreach (var (keyNode, value) in activities.Children)
        {
            var activity = (keyNode as YamlScalarNode)?.Value ?? "";
            var path = $"activities.{activity}";
            if (rules.ContainsKey(activity))
            {
                yaml.Error(keyNode, path, $"Activity '{activity}' is mapped twice.");
                continue;
            }

            if (Rule(yaml, activity, path, value) is { } rule)
            {
                rules[activity] = rule;
            }
        }
    }

    private static ActivityRule? Rule(YamlFields yaml, string activity, string path, YamlNode node)
    {
        var location = YamlSource.At(node.Start);
        if (node is YamlScalarNode)
        {
            // The short form names an action that needs no step: ignore, value, deliver or cancel.
            if (yaml.Scalar(node, path) is not { } shortForm)
            {
                return null;
            }

            if (!Actions.TryGetValue(shortForm.Value, out var shortAction) || shortAction is HistoryAction.Enter or HistoryAction.Wait)
            {
                yaml.Error(node, path, $"'{shortForm.Value}' is not an action that needs no step; write {{ step: <step>, action: <action> }}, or one of ignore, value, deliver, cancel.");
                return null;
            }

            return new ActivityRule(activity, shortAction, null, null, location);
        }

        if (node is not YamlMappingNode mapping)
        {
            yaml.Error(node, path, "Expected { step: <step>, action: <action>, reason: <reason> } here.");
            return null;
        }

        Located? step = null, actionText = null, reasonText = null;
        YamlNode? reasonNode = null;
        foreach (var (field, value) in yaml.Fields(mapping, path, RuleFields))
        {
            switch (field)
            {
                case "step":
                    step = yaml.Scalar(value, $"{path}.step");
                    break;
                case "action":
                    actionText = yaml.Scalar(value, $"{path}.action");
                    break;
                case "reason":
                    reasonText = yaml.Scalar(value, $"{path}.reason");
                    reasonNode = value;
                    break;
            }
        }

        HistoryAction? action = HistoryAction.Enter;
        if (actionText is not null && !Actions.TryGetValue(actionText.Value, out action))
        {
            yaml.Error(mapping, $"{path}.action", $"Unknown action '{actionText.Value}'; use {ActionList}.");
            return null;
        }

        if (actionText is null && step is null)
        {
            yaml.Error(mapping, path, $"Name a step, an action ({ActionList}), or both.");
            return null;
        }

        if (action is null or HistoryAction.Cancel && step is not null)
        {
            yaml.Error(mapping, $"{path}.step", $"Action '{actionText!.Value}' happens at no step; leave the step out.");
            return null;
        }

        WaitReason? reason = null;
        if (action == HistoryAction.Wait)
        {
            if (reasonText is null)
            {
                yaml.Error(mapping, $"{path}.reason", $"A wait needs a reason: {ReasonList}.");
                return null;
            }

            if (!Enum.TryParse<WaitReason>(reasonText.Value, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(reasonText.Value, out _))
            {
                yaml.Error(reasonNode!, $"{path}.reason", $"Unknown wait reason '{reasonText.Value}'; use {ReasonList}.");
                return null;
            }

            reason = parsed;
        }
        else if (reasonText is not null)
        {
            yaml.Error(reasonNode!, $"{path}.reason", "Only a wait has a reason.");
            return null;
        }

        return new ActivityRule(activity, action, step?.Value, reason, step?.Location ?? location);
    }
}
