using System.Text;

namespace ValueChain.Data.Improve.Import;

/// <summary>
/// Reads RFC 4180 records one at a time: fields split by a delimiter, quoted fields with doubled quotes and line
/// breaks inside, CRLF or LF. Fields are cut out of the record only when asked for, so a wide file costs little more
/// than the columns used. Knows the line each record starts on, for error reports.
/// </summary>
public sealed class CsvRecordReader(TextReader reader, char delimiter = ',')
{
    private readonly List<(int Start, int End, bool Quoted)> _fields = [];
    private string _record = "";
    private long _linesRead;

    /// <summary>The line (from 1) on which the current record starts.</summary>
    public long Line { get; private set; }

    public int FieldCount => _fields.Count;

    public string this[int index]
    {
        get
        {
            var (start, end, quoted) = _fields[index];
            if (!quoted)
            {
                return _record.Substring(start, end - start);
            }

            // The quotes around the field are dropped and doubled quotes inside it become one.
            var text = _record.AsSpan(start, end - start);
            var value = new StringBuilder(text.Length);
            var inQuotes = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c != '"')
                {
                    value.Append(c);
                }
                else if (inQuotes && i + 1 < text.Length && text[i + 1] == '"')
                {
                    value.Append('"');
                    i++;
                }
                else
                {
                    inQuotes = !inQuotes;
                }
            }

            return value.ToString();
        }
    }

    /// <summary>Moves to the next record that is not a blank line; false at the end of the input.</summary>
    public bool Read()
    {
        string? line;
        do
        {
            line = reader.ReadLine();
            if (line is null)
            {
                return false;
            }

            _linesRead++;
        }
        while (line.Length == 0);

        Line = _linesRead;
        _record = line;
        _fields.Clear();
        var position = 0;
        while (true)
        {
            var start = position;
            var quoted = false;
            if (position < _record.Length && _record[position] == '"')
            {
                quoted = true;
                position = ClosingQuote(position + 1);
            }

            var end = _record.IndexOf(delimiter, position);
            if (end < 0)
            {
                _fields.Add((start, _record.Length, quoted));
                return true;
            }

            _fields.Add((start, end, quoted));
            position = end + 1;
        }
    }

    /// <summary>The position after the quote that closes a field, reading further lines while the quote is open.</summary>
    private int ClosingQuote(int position)
    {
        while (true)
        {
            var quote = _record.IndexOf('"', position);
            if (quote < 0)
            {
                var next = reader.ReadLine();
                if (next is null)
                {
                    // An unclosed quote runs to the end of the input; the field takes all of it.
                    return _record.Length;
                }

                _linesRead++;
                position = _record.Length + 1;
                _record = string.Concat(_record, "\n", next);
                continue;
            }

            if (quote + 1 < _record.Length && _record[quote + 1] == '"')
            {
                position = quote + 2;
                continue;
            }

            return quote + 1;
        }
    }
}
