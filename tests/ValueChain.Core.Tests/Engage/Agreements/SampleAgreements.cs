using ValueChain.Engage;
using ValueChain.Engage.Agreements;
using ValueChain.ValueStreams.Runs;
using static ValueChain.Core.Tests.Engage.Agreements.Targets;

namespace ValueChain.Core.Tests.Engage.Agreements;

/// <summary>An organization's agreements: SLAs of growing specificity, an OLA per team, a UC with a carrier.</summary>
internal static class SampleAgreements
{
    public static AgreementTarget DeskLog { get; } = new(
        "log",
        [new SpanCondition(ClockEventTypes.StepEntered, Team: "service-desk")],
        [new SpanCondition(ClockEventTypes.StepLeft, Team: "service-desk")],
        PriorityDurations.All(TimeSpan.FromMinutes(30)));

    /// <summary>The carrier's time: while the work waits for a supplier, in calendar time, 4h in total.</summary>
    public static AgreementTarget SupplierWait { get; } = new(
        "supplier-wait",
        [new SpanCondition(EventTypes.StepWaiting, Reason: WaitReason.Supplier)],
        [new SpanCondition(EventTypes.StepResumed, Reason: WaitReason.Supplier)],
        PriorityDurations.All(TimeSpan.FromHours(4)),
        CalendarKey: BusinessCalendar.AlwaysOpenKey);

    public static AgreementSet Set { get; } = new(
        [Calendars.BerlinOffice],
        [
            Sla("sla-standard", AgreementScope.Everything, FirstResponse, Resolution),
            Sla("sla-email", new(Services: ["email"]), Resolution),
            Sla("sla-acme", new(Customers: ["acme"]), Resolution with { Durations = PriorityDurations.All(TimeSpan.FromHours(3)) }),
            Sla("sla-acme-email", new(Services: ["email"], Customers: ["acme"]), Resolution),
            Sla("sla-critical", new(Priorities: [Priority.Critical]), FirstResponse,
                Resolution with { Durations = PriorityDurations.All(TimeSpan.FromMinutes(30)) }),
            new("ola-network", "Network team", AgreementKind.Ola, AgreementScope.Everything, [NetworkFix], "network", "berlin-office"),
            new("ola-desk", "Service desk", AgreementKind.Ola, AgreementScope.Everything, [DeskLog], "service-desk", "berlin-office"),
            new("uc-carrier", "Carrier contract", AgreementKind.Uc, new(DemandTypes: ["incident"]), [SupplierWait], "carrier", "berlin-office"),
        ]);

    public static Agreement Sla(string key, AgreementScope scope, params AgreementTarget[] targets) =>
        new(key, key, AgreementKind.Sla, scope, targets, CalendarKey: "berlin-office");
}
