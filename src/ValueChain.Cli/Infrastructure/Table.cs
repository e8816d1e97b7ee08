namespace ValueChain.Cli.Infrastructure;

/// <summary>Left-aligned text columns, wide enough for their longest cell, for lists people read in a terminal.</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string?[] cells) => _rows.Add(cells.Select(c => c ?? "").ToArray());

    public void WriteTo(TextWriter output, bool withHeader = true)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(withHeader ? h.Length : 0).Max()).ToArray();
        if (withHeader)
        {
            output.WriteLine(Line(headers, widths));
        }

        foreach (var row in _rows)
        {
            output.WriteLine(Line(row, widths));
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
