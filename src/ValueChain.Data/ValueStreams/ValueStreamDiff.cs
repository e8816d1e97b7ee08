using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using ValueChain.ValueStreams;

namespace ValueChain.Data.ValueStreams;

/// <summary>One line of a text diff: kept, added or removed, with its number in the old and the new text.</summary>
public sealed record DiffLine(string Kind, int? OldLine, int? NewLine, string Text)
{
    public const string Unchanged = "unchanged";
    public const string Added = "added";
    public const string Removed = "removed";
}

/// <summary>Two versions of a value stream compared: by structure (steps, demand) and line by line.</summary>
public sealed record ValueStreamDiff(
    string Key, int From, int To, ValueStreamComparison Structure, int LinesAdded, int LinesRemoved, IReadOnlyList<DiffLine> Lines)
{
    private static readonly DiffPlex.Chunkers.LineChunker LineChunker = new();

    /// <summary>Compares two published versions; the line diff is DiffPlex's, on the source texts as published.</summary>
    public static ValueStreamDiff Between(ValueStreamRevision from, ValueStreamRevision to)
    {
        var model = InlineDiffBuilder.Diff(from.Source, to.Source, ignoreWhiteSpace: false, ignoreCase: false, chunker: LineChunker);
        var lines = new List<DiffLine>(model.Lines.Count);
        int oldLine = 0, newLine = 0;
        foreach (var line in model.Lines)
        {
            switch (line.Type)
            {
                case ChangeType.Inserted:
                    lines.Add(new DiffLine(DiffLine.Added, null, ++newLine, line.Text));
                    break;
                case ChangeType.Deleted:
                    lines.Add(new DiffLine(DiffLine.Removed, ++oldLine, null, line.Text));
                    break;
                default:
                    lines.Add(new DiffLine(DiffLine.Unchanged, ++oldLine, ++newLine, line.Text));
                    break;
            }
        }

        return new ValueStreamDiff(
            to.Key, from.Version, to.Version,
            ValueStreamComparison.Between(DefinitionCache.Get(from), DefinitionCache.Get(to)),
            lines.Count(l => l.Kind == DiffLine.Added),
            lines.Count(l => l.Kind == DiffLine.Removed),
            lines);
    }
}
