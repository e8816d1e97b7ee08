using System.CommandLine;
using ValueChain.Data.Improve.Import;

namespace ValueChain.Cli.Improve;

/// <summary>The options that say how to read an event log, shared by the commands that read one.</summary>
internal sealed class EventLogOptions
{
    public Argument<string> File { get; } = new("file") { Description = "The event log: CSV or XES (.xes), optionally gzip-compressed." };

    public Option<string?> Preset { get; } = new("--preset")
    {
        Description = "A known export: " + string.Join(", ", EventLogPresets.All.Select(p => p.Name))
            + ". Column options given as well override the preset's.",
    };

    public Option<string?> Case { get; } = new("--case") { Description = "The case id column: its header, or #N for the Nth column." };

    public Option<string?> Activity { get; } = new("--activity") { Description = "The activity column." };

    public Option<string?> Timestamp { get; } = new("--timestamp") { Description = "The timestamp column." };

    public Option<string?> Format { get; } = new("--format")
    {
        Description = "The timestamp format, e.g. 'yyyy/MM/dd HH:mm:ss.fff' or 'd/M/yyyy HH:mm' (default: ISO 8601). Times are UTC.",
    };

    public Option<string?> Resource { get; } = new("--resource") { Description = "The resource column." };

    public Option<string[]> Attributes { get; } = new("--attribute")
    {
        Description = "A column to keep on each event (repeat the option for more).",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> Missing { get; } = new("--missing") { Description = "A value that means 'not recorded', besides an empty field (repeatable)." };

    /// <summary>
    /// The columns to read: the preset's, overridden by the options given, plus <paramref name="needed"/> attributes;
    /// null when the case, activity or timestamp column is not known.
    /// </summary>
    public CsvEventLogMapping? Mapping(ParseResult parse, EventLogPreset? preset, IEnumerable<string>? needed = null)
    {
        var baseMapping = preset?.Mapping;
        var timestamp = parse.GetValue(Timestamp);
        var caseColumn = parse.GetValue(Case) ?? baseMapping?.Case;
        var activity = parse.GetValue(Activity) ?? baseMapping?.Activity;
        var timestampColumn = timestamp ?? baseMapping?.Timestamp;
        if (caseColumn is null || activity is null || timestampColumn is null)
        {
            return null;
        }

        var attributes = parse.GetValue(Attributes) is { Length: > 0 } given ? given : baseMapping?.Attributes ?? [];
        var missing = parse.GetValue(Missing) is { Length: > 0 } values ? values : baseMapping?.MissingValues;
        return new CsvEventLogMapping(
            caseColumn,
            activity,
            timestampColumn,
            parse.GetValue(Format) ?? (timestamp is null ? baseMapping?.TimestampFormat : null),
            parse.GetValue(Resource) ?? baseMapping?.Resource,
            attributes.Concat(needed ?? []).Distinct(StringComparer.Ordinal).ToList(),
            missing);
    }
}
