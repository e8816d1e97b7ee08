using System.Globalization;
using ValueChain.Common;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams;
using YamlDotNet.RepresentationModel;

namespace ValueChain.Engage.Agreements;

/// <summary>The outcome of reading an agreements file: the set, or every problem found in it.</summary>
public sealed record AgreementReadResult(AgreementSet? Set, IReadOnlyList<DefinitionError> Errors)
{
    public bool IsValid => Set is not null && Errors.Count == 0;
}

/// <summary>
/// Reads calendars and agreements written as YAML (or JSON), like value stream files: every error carries the line and
/// column of the node at fault and its path. The shape:
/// <code>
/// calendars:
///   - key: berlin-office
///     name: Berlin service desk
///     time-zone: Europe/Berlin
///     hours:                       # monday … sunday, or weekdays, weekend, every-day; a named day wins over a group
///       weekdays: [09:00-12:00, 13:00-17:00]
///       saturday: closed
///     holidays: [12-25, {date: 2026-04-03, name: Good Friday}]   # MM-DD every year, YYYY-MM-DD once
///     exceptions:
///       - {date: 2026-12-24, hours: 09:00-12:00, reason: Christmas Eve}
///       - {date: 2026-12-31, hours: closed}
/// agreements:
///   - key: sla-gold
///     name: Gold
///     kind: sla                    # sla, ola (party: a team) or uc (party: a supplier)
///     applies-to: {customers: [acme], services: [email], demand: [incident], priorities: [critical, high]}
///     calendar: berlin-office      # 24x7 or none: calendar time
///     targets:
///       - name: resolution
///         start: demand-opened
///         stop: delivered          # or {event: step-left, step: fix, team: network}; or a list of either
///         resume: reopened
///         duration: {critical: 1h, high: 2h, medium: 4h, low: 8h}   # or one duration for all
///         pause: {waiting-for: [customer, supplier], steps: [await-parts], delivered: false}
///         warn-at: [50, 75]
///         escalations:
///           - {at: 100, notify: duty-manager}
///           - {at: 150, reassign: major-incident}
///           - {at: 120, raise-priority: critical}
/// </code>
/// </summary>
public static class AgreementReader
{
    private static readonly string[] RootFields = ["calendars", "agreements"];
    private static readonly string[] CalendarFields = ["key", "name", "time-zone", "hours", "holidays", "exceptions"];
    private static readonly string[] HolidayFields = ["date", "name"];
    private static readonly string[] ExceptionFields = ["date", "hours", "reason"];
    private static readonly string[] AgreementFields = ["key", "name", "kind", "party", "description", "applies-to", "calendar", "targets"];
    private static readonly string[] ScopeFields = ["services", "customers", "demand", "priorities"];
    private static readonly string[] TargetFields = ["name", "start", "stop", "resume", "duration", "calendar", "pause", "warn-at", "escalations"];
    private static readonly string[] ConditionFields = ["event", "step", "team", "activity", "reason"];
    private static readonly string[] PauseFields = ["waiting-for", "steps", "delivered"];
    private static readonly string[] EscalationFields = ["at", "notify", "raise-priority", "reassign"];
    private static readonly string[] DayWords = ["every-day", "weekdays", "weekend", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public static AgreementReadResult Read(string text)
    {
        var (root, loadError) = YamlSource.Load(text);
        if (loadError is not null)
        {
            return new(null, [loadError]);
        }

        if (root is not YamlMappingNode mapping)
        {
            return new(null, [new DefinitionError(root is null ? new(1, 1) : YamlSource.At(root.Start), "",
                "An agreements file is a mapping with calendars and agreements.")]);
        }

        var reader = new Reader();
        var set = reader.Set(mapping);
        var errors = reader.Errors;
        foreach (var problem in set.Validate().Where(p => !reader.HasShapeErrors(p.Path)))
        {
            errors.Add(new DefinitionError(reader.Locate(problem.Path), problem.Path, problem.Message));
        }

        return errors.Count > 0
            ? new(null, [.. errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column)])
            : new(set, []);
    }

    /// <summary>Turns the YAML tree into records, reporting what cannot be read and remembering where each path was written.</summary>
    private sealed class Reader
    {
        private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal) { [""] = new(1, 1) };
        private readonly YamlFields _yaml = new([]);

        public List<DefinitionError> Errors => _yaml.Errors;

        /// <summary>Whether the calendar or agreement <paramref name="path"/> lies in already failed to read (its rules would only echo that).</summary>
        public bool HasShapeErrors(string path) => ItemOf(path) is { } item && Errors.Any(e => ItemOf(e.Path) == item);

        /// <summary>Where a path was written, or the closest enclosing path that was.</summary>
        public SourceLocation Locate(string path)
        {
            while (!_locations.ContainsKey(path))
            {
                var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
                path = cut <= 0 ? "" : path[..cut];
            }

            return _locations[path];
        }

        public AgreementSet Set(YamlMappingNode root)
        {
            var calendars = new List<BusinessCalendar>();
            var agreements = new List<Agreement>();
            foreach (var (field, value) in Fields(root, "", RootFields))
            {
                var items = Items(value, field, field == "calendars" ? "calendar" : "agreement");
                for (var i = 0; i < items.Count; i++)
                {
                    var path = $"{field}[{i}]";
                    if (items[i] is not YamlMappingNode node)
                    {
                        Error(items[i], path, field == "calendars"
                            ? "A calendar is a mapping with key, name, time-zone and hours."
                            : "An agreement is a mapping with key, name, kind, applies-to and targets.");
                        continue;
                    }

                    if (field == "calendars")
                    {
                        calendars.Add(Calendar(node, path));
                    }
                    else
                    {
                        agreements.Add(Agreement(node, path));
                    }
                }
            }

            return new AgreementSet(calendars, agreements);
        }

        private BusinessCalendar Calendar(YamlMappingNode node, string path)
        {
            string? key = null, name = null, zone = null;
            var week = new Dictionary<DayOfWeek, (int Rank, List<WorkingInterval> Hours)>();
            var holidays = new List<Holiday>();
            var exceptions = new List<CalendarException>();
            foreach (var (field, value) in Fields(node, path, CalendarFields))
            {
                var fieldPath = $"{path}.{field}";
                switch (field)
                {
                    case "key": key = Scalar(value, fieldPath)?.Value; break;
                    case "name": name = Scalar(value, fieldPath)?.Value; break;
                    case "time-zone": zone = Scalar(value, fieldPath)?.Value; break;
                    case "hours": Week(value, fieldPath, week); break;
                    case "holidays":
                        var list = Items(value, fieldPath, "holiday");
                        for (var i = 0; i < list.Count; i++)
                        {
                            if (Holiday(list[i], $"{fieldPath}[{i}]") is { } holiday)
                            {
                                holidays.Add(holiday);
                            }
                        }

                        break;
                    case "exceptions":
                        var dates = Items(value, fieldPath, "exception");
                        for (var i = 0; i < dates.Count; i++)
                        {
                            if (Exception(dates[i], $"{fieldPath}[{i}]") is { } exception)
                            {
                                exceptions.Add(exception);
                            }
                        }

                        break;
                }
            }

            Required(node, $"{path}.key", "A calendar needs a key, e.g. 'berlin-office'.");
            Required(node, $"{path}.name", "A calendar needs a name.");
            Required(node, $"{path}.time-zone", "A calendar needs an IANA time zone, e.g. Europe/Berlin.");
            return new BusinessCalendar(key ?? "", name ?? "", zone ?? "UTC",
                [.. week.OrderBy(d => d.Key).Select(d => new WorkingDay(d.Key, d.Value.Hours))], holidays, exceptions);
        }

        private void Week(YamlNode node, string path, Dictionary<DayOfWeek, (int Rank, List<WorkingInterval> Hours)> week)
        {
            if (node is not YamlMappingNode mapping)
            {
                Error(node, path, "Hours are a mapping from days (monday … sunday, weekdays, weekend, every-day) to intervals such as 09:00-17:00.");
                return;
            }

            foreach (var (field, value) in Fields(mapping, path, DayWords))
            {
                var (days, rank) = field switch
                {
                    "every-day" => (Enum.GetValues<DayOfWeek>(), 0),
                    "weekdays" => ([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], 1),
                    "weekend" => ([DayOfWeek.Saturday, DayOfWeek.Sunday], 1),
                    _ => (new[] { Enum.Parse<DayOfWeek>(field, ignoreCase: true) }, 2),
                };
                var hours = Intervals(value, $"{path}.{field}");
                foreach (var day in days)
                {
                    if (!week.TryGetValue(day, out var known) || known.Rank <= rank)
                    {
                        week[day] = (rank, hours);
                        Alias($"{path}.{field}", $"{path}.{BusinessCalendar.DayWord(day)}", hours.Count);
                    }
                }
            }
        }

        /// <summary>A day's intervals: one, a list, or <c>closed</c>.</summary>
        private List<WorkingInterval> Intervals(YamlNode node, string path)
        {
            if (node is YamlScalarNode { Value: { } word } && word.Trim().Equals("closed", StringComparison.OrdinalIgnoreCase))
            {
                Mark(node, path);
                return [];
            }

            var hours = new List<WorkingInterval>();
            var items = List(node, path);
            for (var i = 0; i < items.Count; i++)
            {
                _locations[$"{path}[{i}]"] = items[i].Location;
                if (WorkingInterval.TryParse(items[i].Value, out var interval))
                {
                    hours.Add(interval);
                }
                else
                {
                    Error(items[i].Location, $"{path}[{i}]",
                        $"'{items[i].Value}' is not an interval: write opening and closing time as 09:00-17:00 (24:00 for midnight), or 'closed'.");
                }
            }

            return hours;
        }

        private Holiday? Holiday(YamlNode node, string path)
        {
            Located? date;
            string? name = null;
            if (node is YamlMappingNode mapping)
            {
                date = null;
                foreach (var (field, value) in Fields(mapping, path, HolidayFields))
                {
                    if (field == "date")
                    {
                        date = Scalar(value, $"{path}.date");
                    }
                    else
                    {
                        name = Scalar(value, $"{path}.name")?.Value;
                    }
                }

                Required(node, $"{path}.date", "A holiday needs a date: MM-DD for every year, YYYY-MM-DD for one year.");
            }
            else
            {
                date = Scalar(node, path);
            }

            if (date is null)
            {
                return null;
            }

            _locations[$"{path}.date"] = date.Location;
            var parts = date.Value.Split('-');
            if (parts.Length is 2 or 3 && parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                var numbers = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
                return parts.Length == 2
                    ? new Holiday(name ?? date.Value, numbers[0], numbers[1])
                    : new Holiday(name ?? date.Value, numbers[1], numbers[2], numbers[0]);
            }

            Error(date.Location, $"{path}.date", $"'{date.Value}' is not a holiday date: write MM-DD for every year (12-25) or YYYY-MM-DD for one year.");
            return null;
        }

        private CalendarException? Exception(YamlNode node, string path)
        {
            if (node is not YamlMappingNode mapping)
            {
                Error(node, path, "An exception is a mapping with a date and hours (or hours: closed).");
                return null;
            }

            DateOnly? date = null;
            List<WorkingInterval>? hours = null;
            string? reason = null;
            foreach (var (field, value) in Fields(mapping, path, ExceptionFields))
            {
                switch (field)
                {
                    case "date": date = Date(value, $"{path}.date"); break;
                    case "hours": hours = Intervals(value, $"{path}.hours"); break;
                    case "reason": reason = Scalar(value, $"{path}.reason")?.Value; break;
                }
            }

            Required(node, $"{path}.hours", "Give the exception's hours, or hours: closed.");
            Required(node, $"{path}.date", "An exception needs a date, YYYY-MM-DD.");
            return date is { } day && hours is not null ? new CalendarException(day, hours, reason) : null;
        }

        private DateOnly? Date(YamlNode node, string path)
        {
            if (Scalar(node, path) is not { } text)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            Error(text.Location, path, $"'{text.Value}' is not a date; write YYYY-MM-DD.");
            return null;
        }

        private Agreement Agreement(YamlMappingNode node, string path)
        {
            string? key = null, name = null, party = null, description = null, calendar = null;
            AgreementKind? kind = null;
            var scope = AgreementScope.Everything;
            var targets = new List<AgreementTarget>();
            foreach (var (field, value) in Fields(node, path, AgreementFields))
            {
                var fieldPath = $"{path}.{field}";
                switch (field)
                {
                    case "key": key = Scalar(value, fieldPath)?.Value; break;
                    case "name": name = Scalar(value, fieldPath)?.Value; break;
                    case "kind": kind = Word<AgreementKind>(value, fieldPath, "kind of agreement"); break;
                    case "party": party = Scalar(value, fieldPath)?.Value; break;
                    case "description": description = Scalar(value, fieldPath)?.Value; break;
                    case "calendar": calendar = Scalar(value, fieldPath)?.Value; break;
                    case "applies-to": scope = Scope(value, fieldPath); break;
                    case "targets":
                        var items = Items(value, fieldPath, "target");
                        for (var i = 0; i < items.Count; i++)
                        {
                            if (Target(items[i], $"{fieldPath}[{i}]") is { } target)
                            {
                                targets.Add(target);
                            }
                        }

                        break;
                }
            }

            Required(node, $"{path}.key", "An agreement needs a key, e.g. 'sla-gold'.");
            Required(node, $"{path}.name", "An agreement needs a name.");
            Required(node, $"{path}.kind", $"Say what kind of agreement this is: {Words.List<AgreementKind>()}.");
            return new Agreement(key ?? "", name ?? "", kind ?? AgreementKind.Sla, scope, targets, party, calendar, description);
        }

        private AgreementScope Scope(YamlNode node, string path)
        {
            if (node is not YamlMappingNode mapping)
            {
                Error(node, path, "applies-to is a mapping of services, customers, demand and priorities; leave it out to apply to all work.");
                return AgreementScope.Everything;
            }

            var scope = AgreementScope.Everything;
            foreach (var (field, value) in Fields(mapping, path, ScopeFields))
            {
                var fieldPath = $"{path}.{field}";
                var values = List(value, fieldPath);
                Record(fieldPath, values);
                scope = field switch
                {
                    "services" => scope with { Services = [.. values.Select(v => v.Value)] },
                    "customers" => scope with { Customers = [.. values.Select(v => v.Value)] },
                    "demand" => scope with { DemandTypes = [.. values.Select(v => v.Value)] },
                    _ => scope with { Priorities = [.. values.Select((v, i) => WordOf<Priority>(v, $"{fieldPath}[{i}]", "priority")).OfType<Priority>()] },
                };
            }

            return scope;
        }

        private AgreementTarget? Target(YamlNode node, string path)
        {
            if (node is not YamlMappingNode mapping)
            {
                Error(node, path, "A target is a mapping with name, start, stop and duration.");
                return null;
            }

            string? name = null, calendar = null;
            List<SpanCondition>? start = null, stop = null, resume = null;
            Dictionary<Priority, TimeSpan>? durations = null;
            PauseWhile? pause = null;
            List<int>? warnAt = null;
            List<Escalation>? escalations = null;
            foreach (var (field, value) in Fields(mapping, path, TargetFields))
            {
                var fieldPath = $"{path}.{field}";
                switch (field)
                {
                    case "name": name = Scalar(value, fieldPath)?.Value; break;
                    case "start": start = Conditions(value, fieldPath); break;
                    case "stop": stop = Conditions(value, fieldPath); break;
                    case "resume": resume = Conditions(value, fieldPath); break;
                    case "duration": durations = Durations(value, fieldPath); break;
                    case "calendar": calendar = Scalar(value, fieldPath)?.Value; break;
                    case "pause": pause = Pause(value, fieldPath); break;
                    case "warn-at":
                        var items = List(value, fieldPath);
                        Record(fieldPath, items);
                        warnAt = [.. items.Select((v, i) => Percent(v, $"{fieldPath}[{i}]")).OfType<int>()];
                        break;
                    case "escalations":
                        var list = Items(value, fieldPath, "escalation");
                        escalations = [.. list.Select((e, i) => Escalation(e, $"{fieldPath}[{i}]")).OfType<Escalation>()];
                        break;
                }
            }

            Required(node, $"{path}.name", "A target needs a name, e.g. first-response or resolution.");
            Required(node, $"{path}.start", "Name the event that starts the clock, e.g. demand-opened.");
            Required(node, $"{path}.stop", "Name the event that stops the clock, e.g. step-started or delivered.");
            Required(node, $"{path}.duration", "Give a duration, e.g. 4h, or one per priority.");
            return new AgreementTarget(name ?? "", start ?? [], stop ?? [], durations ?? [], resume, pause, warnAt, escalations, calendar);
        }

        private List<SpanCondition> Conditions(YamlNode node, string path)
        {
            var items = node is YamlSequenceNode sequence ? [.. sequence.Children] : new List<YamlNode> { node };
            var conditions = new List<SpanCondition>();
            for (var i = 0; i < items.Count; i++)
            {
                var itemPath = $"{path}[{i}]";
                Mark(items[i], itemPath);
                if (items[i] is YamlScalarNode)
                {
                    if (Scalar(items[i], itemPath) is { } word)
                    {
                        _locations[$"{itemPath}.event"] = word.Location;
                        conditions.Add(new SpanCondition(word.Value));
                    }

                    continue;
                }

                if (items[i] is not YamlMappingNode mapping)
                {
                    Error(items[i], itemPath, "A condition is an event name, or a mapping with event and step, team, activity or reason.");
                    continue;
                }

                var condition = new SpanCondition("");
                foreach (var (field, value) in Fields(mapping, itemPath, ConditionFields))
                {
                    var fieldPath = $"{itemPath}.{field}";
                    switch (field)
                    {
                        case "event": condition = condition with { Event = Scalar(value, fieldPath)?.Value ?? "" }; break;
                        case "step": condition = condition with { Step = Scalar(value, fieldPath)?.Value }; break;
                        case "team": condition = condition with { Team = Scalar(value, fieldPath)?.Value }; break;
                        case "activity":
                            if (Scalar(value, fieldPath) is { } activity)
                            {
                                if (ValueChainActivities.TryParse(activity.Value, out var parsed))
                                {
                                    condition = condition with { Activity = parsed };
                                }
                                else
                                {
                                    Error(activity.Location, fieldPath, $"Unknown activity '{activity.Value}'. The value chain activities are: {ValueChainActivities.KeyList}.");
                                }
                            }

                            break;
                        case "reason": condition = condition with { Reason = Word<WaitReason>(value, fieldPath, "wait reason") }; break;
                    }
                }

                Required(mapping, $"{itemPath}.event",
                    "A condition names its event, e.g. event: step-entered.");
                conditions.Add(condition);
            }

            return conditions;
        }

        private Dictionary<Priority, TimeSpan>? Durations(YamlNode node, string path)
        {
            if (node is YamlScalarNode)
            {
                return Duration(node, path) is { } all ? Enum.GetValues<Priority>().ToDictionary(p => p, _ => all) : null;
            }

            if (node is not YamlMappingNode mapping)
            {
                Error(node, path, "A duration is one value for every priority (4h) or a mapping from priority to duration.");
                return null;
            }

            var durations = new Dictionary<Priority, TimeSpan>();
            foreach (var (field, value) in Fields(mapping, path, [.. Enum.GetValues<Priority>().Select(Words.Of)]))
            {
                if (Duration(value, $"{path}.{field}") is { } duration)
                {
                    durations[Enum.Parse<Priority>(field, ignoreCase: true)] = duration;
                }
            }

            return durations;
        }

        private TimeSpan? Duration(YamlNode node, string path)
        {
            if (Scalar(node, path) is not { } text)
            {
                return null;
            }

            if (TargetDuration.TryParse(text.Value, out var duration))
            {
                return duration;
            }

            Error(text.Location, path, $"'{text.Value}' is not a positive duration; write e.g. 30m, 4h, 1d4h, 2w or PT4H.");
            return null;
        }

        private PauseWhile? Pause(YamlNode node, string path)
        {
            if (node is not YamlMappingNode mapping)
            {
                Error(node, path, "pause is a mapping with waiting-for (wait reasons), steps and delivered.");
                return null;
            }

            var pause = PauseWhile.Never;
            foreach (var (field, value) in Fields(mapping, path, PauseFields))
            {
                var fieldPath = $"{path}.{field}";
                switch (field)
                {
                    case "waiting-for":
                        var reasons = List(value, fieldPath);
                        pause = pause with { WaitingFor = [.. reasons.Select((r, i) => WordOf<WaitReason>(r, $"{fieldPath}[{i}]", "wait reason")).OfType<WaitReason>()] };
                        break;
                    case "steps":
                        var steps = List(value, fieldPath);
                        Record(fieldPath, steps);
                        pause = pause with { Steps = [.. steps.Select(s => s.Value)] };
                        break;
                    case "delivered":
                        if (Scalar(value, fieldPath) is { } flag)
                        {
                            if (flag.Value is "true" or "yes")
                            {
                                pause = pause with { Delivered = true };
                            }
                            else if (flag.Value is not ("false" or "no"))
                            {
                                Error(flag.Location, fieldPath, $"'{flag.Value}' is not true or false.");
                            }
                        }

                        break;
                }
            }

            return pause;
        }

        private Escalation? Escalation(YamlNode node, string path)
        {
            if (node is not YamlMappingNode mapping)
            {
                Error(node, path, "An escalation is a mapping with at (a percentage) and one of notify, raise-priority or reassign.");
                return null;
            }

            int? at = null;
            var actions = new List<(EscalationAction Action, string To)>();
            foreach (var (field, value) in Fields(mapping, path, EscalationFields))
            {
                var fieldPath = $"{path}.{field}";
                if (field == "at")
                {
                    at = Scalar(value, fieldPath) is { } percent ? Percent(percent, fieldPath) : null;
                }
                else if (Scalar(value, fieldPath) is { } to)
                {
                    actions.Add((field switch
                    {
                        "notify" => EscalationAction.Notify,
                        "raise-priority" => EscalationAction.RaisePriority,
                        _ => EscalationAction.Reassign,
                    }, to.Value));
                }
            }

            Required(node, $"{path}.at", "Say at which percentage of the duration to escalate, e.g. at: 100.");
            if (actions.Count != 1)
            {
                Error(node, path, "An escalation does one thing: notify, raise-priority or reassign.");
                return null;
            }

            return at is { } percentage ? new Escalation(percentage, actions[0].Action, actions[0].To) : null;
        }

        private int? Percent(Located text, string path)
        {
            _locations[path] = text.Location;
            if (int.TryParse(text.Value.TrimEnd('%').Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
            {
                return percent;
            }

            Error(text.Location, path, $"'{text.Value}' is not a whole percentage, e.g. 75.");
            return null;
        }

        private T? Word<T>(YamlNode node, string path, string what)
            where T : struct, Enum => Scalar(node, path) is { } text ? WordOf<T>(text, path, what) : null;

        private T? WordOf<T>(Located text, string path, string what)
            where T : struct, Enum
        {
            _locations[path] = text.Location;
            if (Words.TryParse<T>(text.Value.Replace("-", "", StringComparison.Ordinal), out var value))
            {
                return value;
            }

            Error(text.Location, path, $"Unknown {what} '{text.Value}'. Use one of: {Words.List<T>()}.");
            return null;
        }

        private List<YamlNode> Items(YamlNode node, string path, string what)
        {
            Mark(node, path);
            if (node is YamlSequenceNode sequence)
            {
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Mark(sequence.Children[i], $"{path}[{i}]");
                }

                return [.. sequence.Children];
            }

            Error(node, path, $"Expected a list here, one {what} per item.");
            return [];
        }

        private IEnumerable<(string Field, YamlNode Value)> Fields(YamlMappingNode node, string path, string[] known)
        {
            Mark(node, path);
            foreach (var (field, value) in _yaml.Fields(node, path, known))
            {
                Mark(value, path.Length == 0 ? field : $"{path}.{field}");
                yield return (field, value);
            }
        }

        private Located? Scalar(YamlNode node, string path) => _yaml.Scalar(node, path);

        private List<Located> List(YamlNode node, string path) => _yaml.List(node, path);

        private void Record(string path, List<Located> items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                _locations[$"{path}[{i}]"] = items[i].Location;
            }
        }

        /// <summary>A day written under a group (weekdays) is found under its own name (monday) too.</summary>
        private void Alias(string written, string day, int count)
        {
            _locations[day] = _locations[written];
            for (var i = 0; i < count; i++)
            {
                if (_locations.TryGetValue($"{written}[{i}]", out var location))
                {
                    _locations[$"{day}[{i}]"] = location;
                }
            }
        }

        private void Mark(YamlNode node, string path) => _locations.TryAdd(path, YamlSource.At(node.Start));

        /// <summary>Reports a field the mapping leaves out; one given but unreadable has been reported already.</summary>
        private void Required(YamlNode parent, string path, string message)
        {
            var field = path[(path.LastIndexOf('.') + 1)..];
            if (parent is YamlMappingNode mapping && !mapping.Children.Keys.Any(k => k is YamlScalarNode { Value: { } key } && key == field))
            {
                Error(parent, path, message);
            }
        }

        private void Error(YamlNode node, string path, string message) => Error(YamlSource.At(node.Start), path, message);

        private void Error(SourceLocation location, string path, string message) => Errors.Add(new DefinitionError(location, path, message));

        /// <summary>The calendar or agreement a path lies in: <c>agreements[2]</c> of <c>agreements[2].targets[0].name</c>.</summary>
        private static string? ItemOf(string path) => path.IndexOf(']', StringComparison.Ordinal) is var end and > 0 ? path[..(end + 1)] : null;
    }
}
