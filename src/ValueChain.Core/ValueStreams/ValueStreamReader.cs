using System.Text.RegularExpressions;
using ValueChain.Common;
using ValueChain.Engage;
using ValueChain.Flow;
using ValueChain.ServiceValueSystem;
using YamlDotNet.RepresentationModel;

namespace ValueChain.ValueStreams;

/// <summary>The outcome of reading a value stream source: a definition, or every problem found in it.</summary>
public sealed record ValueStreamReadResult(ValueStreamDefinition? Definition, IReadOnlyList<DefinitionError> Errors)
{
    public bool IsValid => Definition is not null && Errors.Count == 0;
}

/// <summary>
/// Reads a value stream written as YAML (or JSON, which is YAML too) and checks it against the reference model
/// and the information-flow map. Every error carries the line and column of the node at fault.
/// </summary>
public static partial class ValueStreamReader
{
    private static readonly string[] RootFields = ["key", "name", "description", "demand", "start", "steps", "value"];
    private static readonly string[] StepFields =
        ["key", "name", "description", "activity", "practices", "team", "target", "consumes", "produces", "next"];
    private static readonly string[] ValueFields = ["outcome", "confirmed-by"];

    public static ValueStreamReadResult Read(string text) => Read(text, InformationFlowMap.Default);

    public static ValueStreamReadResult Read(string text, InformationFlowMap flowMap)
    {
        var errors = new List<DefinitionError>();
        var (root, loadError) = YamlSource.Load(text);
        if (loadError is not null)
        {
            return Failed(loadError);
        }

        if (root is not YamlMappingNode mapping)
        {
            return Failed(new DefinitionError(root is null ? new(1, 1) : YamlSource.At(root.Start), "",
                "A value stream is a mapping with key, name, demand, steps and value."));
        }

        var raw = new Parser(errors).Stream(mapping);
        new Rules(errors, flowMap).Check(raw);

        return errors.Count > 0
            ? new ValueStreamReadResult(null, errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList())
            : new ValueStreamReadResult(raw.ToDefinition(), []);
    }

    private static ValueStreamReadResult Failed(DefinitionError error) => new(null, [error]);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabKey();

    private sealed class RawStep
    {
        public required string Path { get; init; }
        public required SourceLocation Location { get; init; }
        public Located? Key { get; set; }
        public Located? Name { get; set; }
        public string? Description { get; set; }
        public Located? Activity { get; set; }
        public List<Located> Practices { get; } = [];
        public string? Team { get; set; }
        public Located? Target { get; set; }
        public List<Located> Consumes { get; } = [];
        public List<Located> Produces { get; } = [];
        public List<Located> Next { get; } = [];
        public SourceLocation? NextLocation { get; set; }

        // Filled in by the rules once the field is known to be valid.
        public ValueChainActivity ParsedActivity { get; set; }
        public TimeSpan? ParsedTarget { get; set; }
    }

    private sealed class RawStream
    {
        public required SourceLocation Location { get; init; }
        public Located? Key { get; set; }
        public Located? Name { get; set; }
        public string? Description { get; set; }
        public List<Located> Demand { get; } = [];
        public SourceLocation? DemandLocation { get; set; }
        public Located? Start { get; set; }
        public List<RawStep> Steps { get; } = [];
        public SourceLocation? StepsLocation { get; set; }
        public Located? Outcome { get; set; }
        public Located? ConfirmedBy { get; set; }
        public SourceLocation? ValueLocation { get; set; }

        public ValueStreamDefinition ToDefinition() => new(
            Key!.Value,
            Name!.Value,
            Description,
            Demand.Select(d => d.Value).ToList(),
            Start?.Value ?? Steps[0].Key!.Value,
            Steps.Select(s => new StepDefinition(
                s.Key!.Value,
                s.Name?.Value ?? s.Key!.Value,
                s.ParsedActivity,
                s.Practices.Select(p => p.Value).ToList(),
                s.Team,
                s.ParsedTarget,
                s.Consumes.Select(c => c.Value).ToList(),
                s.Produces.Select(p => p.Value).ToList(),
                s.Next.Select(n => n.Value).ToList(),
                s.Description)).ToList(),
            new ValueDefinition(Outcome!.Value, ConfirmedBy?.Value ?? "requester"));
    }

    /// <summary>Turns the YAML tree into the raw model, reporting shape problems: wrong node kinds, unknown fields.</summary>
    private sealed class Parser(List<DefinitionError> errors)
    {
        private readonly YamlFields _yaml = new(errors);

        public RawStream Stream(YamlMappingNode node)
        {
            var raw = new RawStream { Location = YamlSource.At(node.Start) };
            foreach (var (field, value) in Fields(node, "", RootFields))
            {
                switch (field)
                {
                    case "key": raw.Key = Scalar(value, "key"); break;
                    case "name": raw.Name = Scalar(value, "name"); break;
                    case "description": raw.Description = Scalar(value, "description")?.Value; break;
                    case "demand":
                        raw.DemandLocation = YamlSource.At(value.Start);
                        raw.Demand.AddRange(List(value, "demand"));
                        break;
                    case "start": raw.Start = Scalar(value, "start"); break;
                    case "steps":
                        raw.StepsLocation = YamlSource.At(value.Start);
                        Steps(value, raw.Steps);
                        break;
                    case "value":
                        raw.ValueLocation = YamlSource.At(value.Start);
                        Value(value, raw);
                        break;
                }
            }

            return raw;
        }

        private void Steps(YamlNode node, List<RawStep> steps)
        {
            if (node is not YamlSequenceNode sequence)
            {
                Error(node, "steps", "Steps are a list; each item is a step with key, name, activity and next.");
                return;
            }

            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var path = $"steps[{i}]";
                if (sequence.Children[i] is not YamlMappingNode stepNode)
                {
                    Error(sequence.Children[i], path, "A step is a mapping with key, name, activity, practices and next.");
                    continue;
                }

                var step = new RawStep { Path = path, Location = YamlSource.At(stepNode.Start) };
                foreach (var (field, value) in Fields(stepNode, path, StepFields))
                {
                    var fieldPath = $"{path}.{field}";
                    switch (field)
                    {
                        case "key": step.Key = Scalar(value, fieldPath); break;
                        case "name": step.Name = Scalar(value, fieldPath); break;
                        case "description": step.Description = Scalar(value, fieldPath)?.Value; break;
                        case "activity": step.Activity = Scalar(value, fieldPath); break;
                        case "practices": step.Practices.AddRange(List(value, fieldPath)); break;
                        case "team": step.Team = Scalar(value, fieldPath)?.Value; break;
                        case "target": step.Target = Scalar(value, fieldPath); break;
                        case "consumes": step.Consumes.AddRange(List(value, fieldPath)); break;
                        case "produces": step.Produces.AddRange(List(value, fieldPath)); break;
                        case "next":
                            step.NextLocation = YamlSource.At(value.Start);
                            step.Next.AddRange(List(value, fieldPath));
                            break;
                    }
                }

                steps.Add(step);
            }
        }

        private void Value(YamlNode node, RawStream raw)
        {
            if (node is YamlScalarNode)
            {
                raw.Outcome = Scalar(node, "value");
                return;
            }

            if (node is not YamlMappingNode mapping)
            {
                Error(node, "value", "The value is a mapping with outcome and confirmed-by, or a sentence naming the outcome.");
                return;
            }

            foreach (var (field, value) in Fields(mapping, "value", ValueFields))
            {
                if (field == "outcome")
                {
                    raw.Outcome = Scalar(value, "value.outcome");
                }
                else
                {
                    raw.ConfirmedBy = Scalar(value, "value.confirmed-by");
                }
            }
        }

        private IEnumerable<(string Field, YamlNode Value)> Fields(YamlMappingNode node, string path, string[] known) =>
            _yaml.Fields(node, path, known);

        private Located? Scalar(YamlNode node, string path) => _yaml.Scalar(node, path);

        private List<Located> List(YamlNode node, string path) => _yaml.List(node, path);

        private void Error(YamlNode node, string path, string message) => _yaml.Error(node, path, message);
    }

    /// <summary>The rules a well-formed value stream must keep: from demand to value, through real activities and practices.</summary>
    private sealed class Rules(List<DefinitionError> errors, InformationFlowMap flowMap)
    {
        public void Check(RawStream raw)
        {
            Identity(raw);
            Demand(raw);
            Value(raw);
            if (raw.Steps.Count == 0)
            {
                Error(raw.StepsLocation ?? raw.Location, "steps", "A value stream needs at least one step between demand and value.");
                return;
            }

            var keys = StepKeys(raw);
            foreach (var step in raw.Steps)
            {
                Step(step, keys);
            }

            if (errors.Count == 0)
            {
                Graph(raw);
            }
        }

        private void Identity(RawStream raw)
        {
            if (raw.Key is null)
            {
                Error(raw.Location, "key", "A value stream needs a key, e.g. 'restore-service'.");
            }
            else if (!KebabKey().IsMatch(raw.Key.Value))
            {
                Error(raw.Key.Location, "key", $"Key '{raw.Key.Value}' must be lower-case words joined by hyphens, e.g. 'restore-service'.");
            }

            if (raw.Name is null)
            {
                Error(raw.Location, "name", "A value stream needs a name.");
            }
        }

        private void Demand(RawStream raw)
        {
            if (raw.Demand.Count == 0)
            {
                Error(raw.DemandLocation ?? raw.Location, "demand",
                    $"A value stream starts from demand: name the demand types that trigger it ({DemandTypes.KeyList}).");
            }

            for (var i = 0; i < raw.Demand.Count; i++)
            {
                if (DemandTypes.Find(raw.Demand[i].Value) is null)
                {
                    Error(raw.Demand[i].Location, $"demand[{i}]",
                        $"Unknown demand type '{raw.Demand[i].Value}'. Known types: {DemandTypes.KeyList}.");
                }
            }
        }

        private void Value(RawStream raw)
        {
            if (raw.Outcome is null)
            {
                Error(raw.ValueLocation ?? raw.Location, "value",
                    "A value stream ends in value: describe the outcome under value.outcome.");
            }

            if (raw.ConfirmedBy is { } confirmer && !ValueDefinition.Confirmers.Contains(confirmer.Value))
            {
                Error(confirmer.Location, "value.confirmed-by",
                    $"Unknown confirmer '{confirmer.Value}'. Use one of: {string.Join(", ", ValueDefinition.Confirmers)}.");
            }
        }

        private HashSet<string> StepKeys(RawStream raw)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var step in raw.Steps)
            {
                if (step.Key is null)
                {
                    Error(step.Location, $"{step.Path}.key", "Every step needs a key.");
                }
                else if (step.Key.Value == ValueStreamDefinition.ValueTarget)
                {
                    Error(step.Key.Location, $"{step.Path}.key", "'value' is where a stream ends; it cannot be a step key.");
                }
                else if (!KebabKey().IsMatch(step.Key.Value))
                {
                    Error(step.Key.Location, $"{step.Path}.key", $"Step key '{step.Key.Value}' must be lower-case words joined by hyphens.");
                }
                else if (!keys.Add(step.Key.Value))
                {
                    Error(step.Key.Location, $"{step.Path}.key", $"Step key '{step.Key.Value}' is used by an earlier step.");
                }
            }

            if (raw.Start is { } start && !keys.Contains(start.Value))
            {
                Error(start.Location, "start", $"Start step '{start.Value}' is not a step of this stream.");
            }

            return keys;
        }

        private void Step(RawStep step, HashSet<string> keys)
        {
            if (step.Activity is null)
            {
                Error(step.Location, $"{step.Path}.activity",
                    $"Every step belongs to a value chain activity ({ValueChainActivities.KeyList}).");
            }
            else if (!ValueChainActivities.TryParse(step.Activity.Value, out var activity))
            {
                Error(step.Activity.Location, $"{step.Path}.activity",
                    $"Unknown activity '{step.Activity.Value}'. The value chain activities are: {ValueChainActivities.KeyList}.");
            }
            else
            {
                step.ParsedActivity = activity;
                Artifacts(step, activity);
            }

            if (step.Practices.Count == 0)
            {
                Error(step.Location, $"{step.Path}.practices", "Name at least one practice that supports this step.");
            }

            for (var i = 0; i < step.Practices.Count; i++)
            {
                if (Practices.Find(step.Practices[i].Value) is null)
                {
                    Error(step.Practices[i].Location, $"{step.Path}.practices[{i}]",
                        $"Unknown practice '{step.Practices[i].Value}'. Practices are the 34 ITIL 4 practices, e.g. incident-management, service-desk.");
                }
            }

            if (step.Target is { } target)
            {
                if (TargetDuration.TryParse(target.Value, out var duration))
                {
                    step.ParsedTarget = duration;
                }
                else
                {
                    Error(target.Location, $"{step.Path}.target",
                        $"Target '{target.Value}' is not a positive duration; write e.g. 30m, 4h, 1d4h, 2w or PT4H.");
                }
            }

            if (step.Next.Count == 0)
            {
                Error(step.NextLocation ?? step.Location, $"{step.Path}.next",
                    "Every step says where work goes next: one or more step keys, or 'value' to end the stream.");
            }

            for (var i = 0; i < step.Next.Count; i++)
            {
                var next = step.Next[i].Value;
                if (next != ValueStreamDefinition.ValueTarget && !keys.Contains(next))
                {
                    Error(step.Next[i].Location, $"{step.Path}.next[{i}]", $"Next step '{next}' is not a step of this stream.");
                }
            }
        }

        private void Artifacts(RawStep step, ValueChainActivity activity)
        {
            for (var i = 0; i < step.Produces.Count; i++)
            {
                var item = step.Produces[i];
                var kind = flowMap.Find(item.Value);
                if (kind is null)
                {
                    UnknownArtifact(item, $"{step.Path}.produces[{i}]");
                }
                else if (!kind.Producers.Contains(activity))
                {
                    Error(item.Location, $"{step.Path}.produces[{i}]",
                        $"'{kind.Key}' is produced by {Names(kind.Producers)}, not by {activity.Info().Name}, in the information-flow map.");
                }
            }

            for (var i = 0; i < step.Consumes.Count; i++)
            {
                var item = step.Consumes[i];
                var kind = flowMap.Find(item.Value);
                if (kind is null)
                {
                    UnknownArtifact(item, $"{step.Path}.consumes[{i}]");
                }
                else if (!kind.Receivers.Contains(activity) && !kind.Producers.Contains(activity))
                {
                    Error(item.Location, $"{step.Path}.consumes[{i}]",
                        $"'{kind.Key}' reaches {Names(kind.Receivers)}, not {activity.Info().Name}, in the information-flow map.");
                }
            }
        }

        private void UnknownArtifact(Located item, string path) =>
            Error(item.Location, path, $"Unknown artifact kind '{item.Value}'. See the information-flow map for the known kinds.");

        private void Graph(RawStream raw)
        {
            var next = raw.Steps.ToDictionary(s => s.Key!.Value, s => s.Next.Select(n => n.Value).ToList());
            var start = raw.Start?.Value ?? raw.Steps[0].Key!.Value;

            if (!raw.Steps.Any(s => s.Next.Any(n => n.Value == ValueStreamDefinition.ValueTarget)))
            {
                Error(raw.StepsLocation ?? raw.Location, "steps", "No step leads to value: at least one step needs 'next: value'.");
                return;
            }

            var reachable = Walk([start], key => next.GetValueOrDefault(key) ?? []);
            foreach (var step in raw.Steps.Where(s => !reachable.Contains(s.Key!.Value)))
            {
                Error(step.Key!.Location, $"{step.Path}.key",
                    $"Step '{step.Key.Value}' is unreachable: no path leads to it from the start step '{start}'.");
            }

            var previous = raw.Steps
                .SelectMany(s => s.Next.Select(n => (From: s.Key!.Value, To: n.Value)))
                .ToLookup(edge => edge.To, edge => edge.From);
            var reachesValue = Walk([ValueStreamDefinition.ValueTarget], key => previous[key]);
            foreach (var step in raw.Steps.Where(s => reachable.Contains(s.Key!.Value) && !reachesValue.Contains(s.Key!.Value)))
            {
                Error(step.Key!.Location, $"{step.Path}.key",
                    $"Step '{step.Key.Value}' has no way to value: work that reaches it can never finish.");
            }
        }

        private static HashSet<string> Walk(IEnumerable<string> from, Func<string, IEnumerable<string>> edges)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<string>(from);
            while (queue.TryDequeue(out var key))
            {
                if (!seen.Add(key))
                {
                    continue;
                }

                foreach (var target in edges(key))
                {
                    queue.Enqueue(target);
                }
            }

            return seen;
        }

        private static string Names(IReadOnlySet<ValueChainActivity> activities) =>
            activities.Count == 0 ? "no activity" : string.Join(", ", activities.Select(a => a.Info().Name));

        private void Error(SourceLocation location, string path, string message) => errors.Add(new DefinitionError(location, path, message));
    }
}
