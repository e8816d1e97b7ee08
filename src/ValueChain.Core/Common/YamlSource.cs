using ValueChain.ValueStreams;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ValueChain.Common;

/// <summary>A scalar read from a YAML source, with where it was written.</summary>
internal sealed record Located(string Value, SourceLocation Location);

/// <summary>
/// Loads YAML (or JSON, which is YAML too) for the readers of definition files, so that every failure comes back as a
/// located <see cref="DefinitionError"/> rather than an exception.
/// </summary>
internal static class YamlSource
{
    /// <summary>The root node of the first document (null for an empty text), or the error that stopped loading.</summary>
    public static (YamlNode? Root, DefinitionError? Error) Load(string text)
    {
        var events = new RepeatedKeyTolerantParser(new YamlDotNet.Core.Parser(new StringReader(text)));
        try
        {
            var stream = new YamlStream();
            stream.Load(events);
            return (stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode, null);
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            return (null, new DefinitionError(At(ex.Start), "", $"Not valid YAML: {message}"));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet can fail without a position: its scanner on an unclosed flow list followed by more lines, its
            // loader on a key-less ' : value' line. The last node it did read is the closest place to look, and a stack
            // trace is no answer to a typo.
            return (null, new DefinitionError(At(events.LastNodeStart), "",
                "Not valid YAML near here: look for an unclosed bracket or quote, a key missing before ':', or a line indented out of place."));
        }
    }

    public static SourceLocation At(Mark mark) => new((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    /// <summary>
    /// Passes parser events through, but gives a key repeated within one mapping a private tag. The YAML loader
    /// refuses equal keys with an unlocated "Duplicate key"; tagged, the repeat loads as a separate key and the
    /// reader reports it with its path, like any other field problem. Also remembers where the last node read
    /// started, to locate parser failures that carry no position.
    /// </summary>
    private sealed class RepeatedKeyTolerantParser(IParser inner) : IParser
    {
        private static readonly TagName RepeatedKey = new("!repeated-key");

        private readonly Stack<Collection> _open = new();

        public ParsingEvent? Current { get; private set; }

        public Mark LastNodeStart { get; private set; } = Mark.Empty;

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                Current = null;
                return false;
            }

            Current = Track(inner.Current!);
            if (Current is NodeEvent or AnchorAlias)
            {
                LastNodeStart = Current.Start;
            }

            return true;
        }

        private ParsingEvent Track(ParsingEvent current)
        {
            switch (current)
            {
                case MappingStart or SequenceStart:
                    _open.Push(new Collection(current is MappingStart));
                    return current;
                case MappingEnd or SequenceEnd:
                    _open.Pop();
                    NodeDone();
                    return current;
                case Scalar scalar:
                    var repeated = _open.TryPeek(out var parent) && parent.ExpectsKey && !parent.Keys.Add(scalar.Value);
                    NodeDone();
                    return repeated
                        ? new Scalar(scalar.Anchor, RepeatedKey, scalar.Value, scalar.Style, false, false, scalar.Start, scalar.End, scalar.IsKey)
                        : scalar;
                case AnchorAlias:
                    NodeDone();
                    return current;
                default:
                    return current;
            }
        }

        // A complete node in a mapping alternates it between expecting a key and expecting that key's value.
        private void NodeDone()
        {
            if (_open.TryPeek(out var collection) && collection.IsMapping)
            {
                collection.ExpectsKey = !collection.ExpectsKey;
            }
        }

        private sealed class Collection(bool isMapping)
        {
            public bool IsMapping { get; } = isMapping;

            public bool ExpectsKey { get; set; } = isMapping;

            public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
        }
    }
}

/// <summary>Reads the shape of a YAML tree (mappings, known fields, scalars, lists) and collects located errors.</summary>
internal sealed class YamlFields(List<DefinitionError> errors)
{
    public List<DefinitionError> Errors => errors;

    /// <summary>The fields of a mapping, each once; unknown and repeated fields are reported and left out.</summary>
    public IEnumerable<(string Field, YamlNode Value)> Fields(YamlMappingNode node, string path, string[] known)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in node.Children)
        {
            var field = (keyNode as YamlScalarNode)?.Value ?? "";
            var fieldPath = path.Length == 0 ? field : $"{path}.{field}";
            if (!known.Contains(field))
            {
                Error(keyNode, fieldPath, $"Unknown field '{field}'. Known fields here: {string.Join(", ", known)}.");
                continue;
            }

            if (!seen.Add(field))
            {
                Error(keyNode, fieldPath, $"Field '{field}' is given twice.");
                continue;
            }

            yield return (field, value);
        }
    }

    public Located? Scalar(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Value: { } text } && !string.IsNullOrWhiteSpace(text))
        {
            return new Located(text.Trim(), YamlSource.At(node.Start));
        }

        Error(node, path, node is YamlScalarNode ? "A value is required here." : "Expected a single value here, not a list or a mapping.");
        return null;
    }

    /// <summary>A list of scalars; a single scalar counts as a list of one.</summary>
    public List<Located> List(YamlNode node, string path)
    {
        if (node is YamlScalarNode)
        {
            return Scalar(node, path) is { } single ? [single] : [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, path, "Expected a value or a list of values here.");
            return [];
        }

        var items = new List<Located>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (Scalar(sequence.Children[i], $"{path}[{i}]") is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    public void Error(YamlNode node, string path, string message) => errors.Add(new DefinitionError(YamlSource.At(node.Start), path, message));
}
