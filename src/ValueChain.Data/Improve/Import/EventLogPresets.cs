namespace ValueChain.Data.Improve.Import;

/// <summary>
/// A known export: its column mapping, which cases are complete (begin and end where the process does), and, for
/// audit logs, the attribute whose value on a case's last record tells how it ended.
/// </summary>
public sealed record EventLogPreset(
    string Name,
    string Description,
    CsvEventLogMapping Mapping,
    IReadOnlyList<string> StartActivities,
    IReadOnlyList<string> EndActivities,
    string? OutcomeAttribute = null,
    string? OutcomeValue = null,
    string ObjectType = "case");

public static class EventLogPresets
{
    /// <summary>
    /// ServiceNow's incident audit log ("migrate from ServiceNow"): each row is a snapshot of an incident after an
    /// update; the incident number is the case, its state the activity, the update time and author the timestamp and
    /// resource. <c>?</c> marks a value that was not set. Whether the SLA was made is read from the last snapshot.
    /// </summary>
    public static EventLogPreset ServiceNow { get; } = new(
        "servicenow",
        "ServiceNow incident audit log: number, incident_state, sys_updated_at (d/M/yyyy HH:mm), sys_updated_by.",
        new CsvEventLogMapping(
            Case: "number",
            Activity: "incident_state",
            Timestamp: "sys_updated_at",
            TimestampFormat: "d/M/yyyy HH:mm",
            Resource: "sys_updated_by",
            Attributes: ["made_sla", "priority", "assignment_group", "category", "sys_mod_count", "reassignment_count", "reopen_count"],
            MissingValues: ["?"]),
        StartActivities: [],
        EndActivities: [],
        OutcomeAttribute: "made_sla",
        OutcomeValue: "true",
        ObjectType: "incident");

    /// <summary>
    /// The help desk log of an Italian software company (Polato, 2017) as exported with its variant columns; the
    /// header names <c>Variant</c> twice, so the first is taken by number and the second, a copy, is left out.
    /// A complete ticket begins with <c>Assign seriousness</c> or <c>Insert ticket</c> and ends with <c>Closed</c>.
    /// </summary>
    public static EventLogPreset Helpdesk { get; } = new(
        "helpdesk",
        "Help desk ticket log: Case ID, Activity, Complete Timestamp (yyyy/MM/dd HH:mm:ss.fff), Resource.",
        new CsvEventLogMapping(
            Case: "Case ID",
            Activity: "Activity",
            Timestamp: "Complete Timestamp",
            TimestampFormat: "yyyy/MM/dd HH:mm:ss.fff",
            Resource: "Resource",
            Attributes: ["#5", "Variant index", "seriousness", "customer", "product", "responsible_section", "seriousness_2",
                "service_level", "service_type", "support_section", "workgroup"]),
        StartActivities: ["Assign seriousness", "Insert ticket"],
        EndActivities: ["Closed"],
        ObjectType: "ticket");

    public static IReadOnlyList<EventLogPreset> All { get; } = [ServiceNow, Helpdesk];

    public static EventLogPreset? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
