using System.Globalization;
using CsvHelper;
using ValueChain.Improve.Mining;

namespace ValueChain.Data.Improve.Import;

/// <summary>
/// Streams the events of a CSV event log: one row at a time, never the whole file. Rows that cannot be an event are
/// rejected into the <see cref="ImportReport"/> with their line and reason, and the rest still come through.
/// </summary>
public sealed class CsvEventLogReader
{
    private readonly CsvReader _records;
    private readonly CsvEventLogMapping _mapping;
    private readonly HashSet<string> _missing;
    private readonly int _case;
    private readonly int _activity;
    private readonly int _timestamp;
    private readonly int? _resource;
    private readonly (int Index, string Name)[] _attributes;

    private CsvEventLogReader(CsvReader records, IReadOnlyList<string> header, CsvEventLogMapping mapping)
    {
        _records = records;
        _mapping = mapping;
        Header = header;
        _missing = new HashSet<string>(mapping.MissingValues ?? [], StringComparer.Ordinal) { "" };
        _case = Resolve(mapping.Case, "case");
        _activity = Resolve(mapping.Activity, "activity");
        _timestamp = Resolve(mapping.Timestamp, "timestamp");
        _resource = mapping.Resource is null ? null : Resolve(mapping.Resource, "resource");
        _attributes = (mapping.Attributes ?? []).Select(a =>
        {
            var index = Resolve(a, "attribute");
            return (index, AttributeName(index));
        }).ToArray();
    }

    /// <summary>The header row, as written.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Reads the header and checks that every mapped column is there, once.</summary>
    /// <exception cref="EventLogFormatException">The file is empty or a column cannot be found or is ambiguous.</exception>
    public static CsvEventLogReader Open(TextReader reader, CsvEventLogMapping mapping)
    {
        // The header is read as a record: a column name may repeat, and the mapping resolves names itself.
        var options = new CsvReaderOptions
        {
            HasHeader = false,
            Separator = mapping.Delimiter,
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
        };
        var records = CsvReader.Create(reader, options, leaveOpen: true);
        try
        {
            if (!records.Read())
            {
                throw new EventLogFormatException("The file is empty: there is no header row.");
            }

            var header = new string[records.FieldCount];
            for (var i = 0; i < header.Length; i++)
            {
                header[i] = records.GetString(i).Trim();
            }

            return new CsvEventLogReader(records, header, mapping);
        }
        catch
        {
            records.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The events, as the rows come. <paramref name="report"/> counts every row and keeps the rejected ones.
    /// </summary>
    public IEnumerable<LogEvent> Read(ImportReport report, CancellationToken cancellationToken = default)
    {
        var columns = Header.Count;
        try
        {
            while (_records.Read())
            {
                report.Read();
                if ((report.RowsRead & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var line = _records.LineNumber;
                if (_records.FieldCount != columns)
                {
                    report.Reject(line, $"{_records.FieldCount} fields where the header has {columns}.");
                    continue;
                }

                var caseId = Value(_case);
                if (caseId is null)
                {
                    report.Reject(line, $"No case id in column '{Header[_case]}'.");
                    continue;
                }

                var activity = Value(_activity);
                if (activity is null)
                {
                    report.Reject(line, $"No activity in column '{Header[_activity]}'.");
                    continue;
                }

                var timestampText = Value(_timestamp);
                if (timestampText is null)
                {
                    report.Reject(line, $"No timestamp in column '{Header[_timestamp]}'.");
                    continue;
                }

                if (!TryParseTimestamp(timestampText, out var timestamp))
                {
                    report.Reject(line, _mapping.TimestampFormat is null
                        ? $"Timestamp '{timestampText}' is not an ISO 8601 date and time."
                        : $"Timestamp '{timestampText}' does not match the format '{_mapping.TimestampFormat}'.");
                    continue;
                }

                List<KeyValuePair<string, string>>? attributes = null;
                if (_attributes.Length > 0)
                {
                    attributes = new List<KeyValuePair<string, string>>(_attributes.Length);
                    foreach (var (index, name) in _attributes)
                    {
                        if (Value(index) is { } value)
                        {
                            attributes.Add(new KeyValuePair<string, string>(name, value));
                        }
                    }
                }

                report.Imported();
                yield return new LogEvent(caseId, activity, timestamp, _resource is { } resource ? Value(resource) : null, attributes) { Line = line };
            }
        }
        finally
        {
            // The records are read once; the reader's buffers go back when the events are done with.
            _records.Dispose();
        }
    }

    private bool TryParseTimestamp(string text, out DateTimeOffset timestamp)
    {
        const DateTimeStyles styles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (_mapping.TimestampFormat is { } format)
        {
            if (DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, styles, out var exact))
            {
                timestamp = new DateTimeOffset(exact, TimeSpan.Zero);
                return true;
            }

            timestamp = default;
            return false;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out timestamp);
    }

    private string? Value(int index)
    {
        var value = _records.GetString(index);
        return _missing.Contains(value) ? null : value;
    }

    private string AttributeName(int index)
    {
        var name = Header[index];
        return CountOf(name) > 1 || name.Length == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{name}#{index + 1}")
            : name;
    }

    private int CountOf(string name) => Header.Count(h => string.Equals(h, name, StringComparison.Ordinal));

    private int Resolve(string reference, string role)
    {
        var matches = new List<int>();
        for (var i = 0; i < Header.Count; i++)
        {
            if (string.Equals(Header[i], reference, StringComparison.Ordinal))
            {
                matches.Add(i);
            }
        }

        if (matches.Count == 1)
        {
            return matches[0];
        }

        if (matches.Count > 1)
        {
            throw new EventLogFormatException(
                $"The {role} column '{reference}' appears {matches.Count} times in the header (columns "
                + string.Join(", ", matches.Select(m => string.Create(CultureInfo.InvariantCulture, $"#{m + 1}")))
                + "); name the one you mean by its number.");
        }

        if (reference.StartsWith('#')
            && int.TryParse(reference.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            if (number >= 1 && number <= Header.Count)
            {
                return number - 1;
            }

            throw new EventLogFormatException($"The {role} column {reference} does not exist: the header has {Header.Count} columns.");
        }

        throw new EventLogFormatException(
            $"The {role} column '{reference}' is not in the header. Columns: {string.Join(", ", Header.Select(h => $"'{h}'"))}.");
    }
}
