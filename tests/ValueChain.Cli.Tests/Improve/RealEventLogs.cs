using ValueChain.Core.Tests.ValueStreams;
using ValueChain.Data.Improve.Import;
using ValueChain.Improve.Mining;

namespace ValueChain.Cli.Tests.Improve;

/// <summary>The real event logs beside the repository, each read once for the tests that share it.</summary>
public sealed class RealEventLogs
{
    public static string HelpdeskPath => Path.Combine(RepositoryFolder.SharedData, "helpdesk-italy.csv");

    public static string ServiceNowPath => Path.Combine(RepositoryFolder.SharedData, "servicenow-incident-event-log.csv.gz");

    private readonly Lazy<ImportedLog> _helpdesk = new(() => Import(HelpdeskPath, EventLogPresets.Helpdesk));
    private readonly Lazy<ImportedLog> _serviceNow = new(() => Import(ServiceNowPath, EventLogPresets.ServiceNow));

    public ImportedLog Helpdesk => _helpdesk.Value;

    public ImportedLog ServiceNow => _serviceNow.Value;

    private static ImportedLog Import(string path, EventLogPreset preset)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The real event log {path} is missing; the repository expects ../shared/data beside it, or ${RepositoryFolder.SharedDataVariable} naming the folder.", path);
        }

        using var text = EventLogFiles.OpenText(path);
        var report = new ImportReport();
        var events = CsvEventLogReader.Open(text, preset.Mapping).Read(report).ToList();
        return new ImportedLog(events, report);
    }
}

public sealed record ImportedLog(IReadOnlyList<LogEvent> Events, ImportReport Report);
