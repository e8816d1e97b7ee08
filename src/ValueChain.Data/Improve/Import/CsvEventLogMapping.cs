namespace ValueChain.Data.Improve.Import;

/// <summary>
/// Which columns of a CSV file make an event. A column is named by its header or, where a header repeats or is
/// missing, by its number from 1 as <c>#7</c>.
/// </summary>
/// <param name="Case">The case id column. A row without a case id is rejected.</param>
/// <param name="Activity">The activity column. A row without an activity is rejected.</param>
/// <param name="Timestamp">The timestamp column. A row whose timestamp is missing or does not parse is rejected.</param>
/// <param name="TimestampFormat">
/// A .NET exact format (<c>yyyy/MM/dd HH:mm:ss.fff</c>, <c>d/M/yyyy HH:mm</c>); null for ISO 8601. Times without an
/// offset are taken as UTC.
/// </param>
/// <param name="Resource">The resource column, if any; missing values leave the event without a resource.</param>
/// <param name="Attributes">Further columns kept on each event, under their header (or <c>header#N</c> when it repeats).</param>
/// <param name="MissingValues">Values that mean "not recorded", besides the empty field (ServiceNow writes <c>?</c>).</param>
/// <param name="Delimiter">The field separator.</param>
public sealed record CsvEventLogMapping(
    string Case,
    string Activity,
    string Timestamp,
    string? TimestampFormat = null,
    string? Resource = null,
    IReadOnlyList<string>? Attributes = null,
    IReadOnlyList<string>? MissingValues = null,
    char Delimiter = ',');
