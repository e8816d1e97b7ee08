namespace ValueChain.Data.Improve.Import;

/// <summary>A row or element of the source that did not become an event, and why.</summary>
public sealed record RejectedRow(long Line, string Reason);

/// <summary>
/// What an import read, took and refused. It fills while the events are enumerated; the first
/// <see cref="KeptRejections"/> rejections are kept with their line, the rest are only counted.
/// </summary>
public sealed class ImportReport
{
    public const int KeptRejections = 100;

    private readonly List<RejectedRow> _rejections = [];

    /// <summary>Data rows (CSV) or events (XES) read from the source.</summary>
    public long RowsRead { get; private set; }

    public long EventsImported { get; private set; }

    public long RowsRejected { get; private set; }

    public IReadOnlyList<RejectedRow> Rejections => _rejections;

    internal void Read() => RowsRead++;

    internal void Imported() => EventsImported++;

    /// <summary>An event read from the source that the import then refused, e.g. for an activity it cannot map.</summary>
    internal void Refuse(long line, string reason)
    {
        EventsImported--;
        Reject(line, reason);
    }

    internal void Reject(long line, string reason)
    {
        RowsRejected++;
        if (_rejections.Count < KeptRejections)
        {
            _rejections.Add(new RejectedRow(line, reason));
        }
    }
}
