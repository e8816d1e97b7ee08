using System.Globalization;
using System.Runtime.CompilerServices;
using ValueChain.Common;

namespace ValueChain.Engage.Agreements;

/// <summary>
/// Wall-clock hours of one working day in the calendar's time zone, from <see cref="From"/> up to but not including
/// <see cref="To"/>. A <see cref="To"/> of 00:00 means midnight at the end of the day, so 00:00–00:00 is the whole day.
/// </summary>
public readonly record struct WorkingInterval(TimeOnly From, TimeOnly To)
{
    public bool EndsAtMidnight => To == TimeOnly.MinValue;

    /// <summary>The hours on a day without a daylight saving change; a change makes the day's real time differ.</summary>
    public TimeSpan NominalLength => (EndsAtMidnight ? TimeSpan.FromDays(1) : To.ToTimeSpan()) - From.ToTimeSpan();

    public bool IsValid => EndsAtMidnight || From < To;

    /// <summary>Reads <c>09:00-17:00</c>; <c>24:00</c> is accepted as the end of the day.</summary>
    public static bool TryParse(string? text, out WorkingInterval interval)
    {
        interval = default;
        var parts = text?.Split('-', StringSplitOptions.TrimEntries);
        if (parts is not { Length: 2 } || !TryTime(parts[0], false, out var from) || !TryTime(parts[1], true, out var to))
        {
            return false;
        }

        interval = new WorkingInterval(from, to);
        return interval.IsValid;
    }

    public static WorkingInterval Parse(string text) =>
        TryParse(text, out var interval) ? interval : throw new FormatException($"'{text}' is not a working interval such as 09:00-17:00.");

    public override string ToString() =>
        $"{From.ToString("HH:mm", CultureInfo.InvariantCulture)}-{(EndsAtMidnight ? "24:00" : To.ToString("HH:mm", CultureInfo.InvariantCulture))}";

    private static bool TryTime(string text, bool end, out TimeOnly time)
    {
        if (end && text == "24:00")
        {
            time = TimeOnly.MinValue;
            return true;
        }

        return TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }
}

/// <summary>The working hours of one weekday; a weekday the calendar does not list is closed.</summary>
public sealed record WorkingDay(DayOfWeek Day, IReadOnlyList<WorkingInterval> Hours);

/// <summary>A closed day: every year on <see cref="Month"/>-<see cref="Day"/>, or only in <see cref="Year"/> when one is given.</summary>
public sealed record Holiday(string Name, int Month, int Day, int? Year = null)
{
    public bool FallsOn(DateOnly date) => date.Month == Month && date.Day == Day && (Year is null || Year == date.Year);

    public override string ToString() => Year is { } year
        ? string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{Month:D2}-{Day:D2}")
        : string.Create(CultureInfo.InvariantCulture, $"{Month:D2}-{Day:D2}");
}

/// <summary>A date with its own hours, replacing the weekday's hours and any holiday; no hours means closed.</summary>
public sealed record CalendarException(DateOnly Date, IReadOnlyList<WorkingInterval> Hours, string? Reason = null);

/// <summary>A problem found in an agreement or calendar definition: where (as the YAML form spells it) and what.</summary>
public sealed record AgreementProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>
/// When a service desk, a team or a supplier works: hours per weekday (several intervals a day for breaks), in an
/// IANA time zone, less holidays, with dated exceptions. Service level targets in business time count only the hours
/// a calendar is open; <see cref="AlwaysOpen"/> counts calendar time.
/// </summary>
/// <remarks>
/// Hours are wall-clock times in the zone. On the day clocks go forward, an interval across the skipped hour is that
/// much shorter; on the day they go back, an interval across the repeated hour is that much longer. A wall-clock time
/// that does not exist (skipped) stands for the instant the clocks jump; one that exists twice stands for its first
/// occurrence. Periods are half-open: open at 09:00:00, closed at 17:00:00. An exception wins over a holiday, a
/// holiday over the weekday's hours. Use <see cref="Validate"/> before computing with a calendar from outside.
/// </remarks>
public sealed record BusinessCalendar(
    string Key,
    string Name,
    string TimeZone,
    IReadOnlyList<WorkingDay> Week,
    IReadOnlyList<Holiday>? Holidays = null,
    IReadOnlyList<CalendarException>? Exceptions = null)
{
    /// <summary>The key of the built-in calendar that is always open: a target on it is in calendar time.</summary>
    public const string AlwaysOpenKey = "24x7";

    private static readonly ConditionalWeakTable<BusinessCalendar, CalendarSchedule> Schedules = [];

    /// <summary>Open every hour of every day: business time equals elapsed time.</summary>
    public static BusinessCalendar AlwaysOpen { get; } = new(AlwaysOpenKey, "Always open (calendar time)", "UTC",
        Enum.GetValues<DayOfWeek>().Select(day => new WorkingDay(day, [new WorkingInterval(TimeOnly.MinValue, TimeOnly.MinValue)])).ToList());

    /// <summary>The same working hours on Monday to Friday, closed at weekends.</summary>
    public static IReadOnlyList<WorkingDay> Weekdays(params WorkingInterval[] hours) =>
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(day => new WorkingDay(day, hours))];

    /// <summary>Every problem with the definition; an empty list means the calendar can be computed with.</summary>
    public IReadOnlyList<AgreementProblem> Validate()
    {
        var problems = new List<AgreementProblem>();
        if (!Words.IsKebabKey(Key))
        {
            problems.Add(new("key", $"'{Key}' is not a key: use lowercase letters, digits and single hyphens, e.g. 'office-hours'."));
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add(new("name", "Give the calendar a name."));
        }

        if (FindZone(TimeZone) is null)
        {
            problems.Add(new("time-zone", $"Unknown time zone '{TimeZone}'. Use an IANA time zone id such as Europe/Berlin, America/New_York or UTC."));
        }

        foreach (var day in Week.GroupBy(d => d.Day).Where(g => g.Count() > 1))
        {
            problems.Add(new($"hours.{DayWord(day.Key)}", $"{day.Key} is given more than once."));
        }

        foreach (var day in Week)
        {
            CheckHours(problems, $"hours.{DayWord(day.Day)}", day.Hours);
        }

        if (!Week.Any(d => d.Hours.Any(h => h.IsValid)))
        {
            problems.Add(new("hours", "The calendar is never open: give at least one weekday working hours."));
        }

        for (var i = 0; i < (Holidays?.Count ?? 0); i++)
        {
            var holiday = Holidays![i];
            var year = holiday.Year ?? 2024; // a leap year, so that 02-29 every year is a date
            if (holiday.Month is < 1 or > 12 || holiday.Day < 1 || holiday.Day > DateTime.DaysInMonth(year, holiday.Month))
            {
                problems.Add(new($"holidays[{i}].date", $"{holiday} is not a date."));
            }
        }

        var seen = new HashSet<DateOnly>();
        for (var i = 0; i < (Exceptions?.Count ?? 0); i++)
        {
            var exception = Exceptions![i];
            if (!seen.Add(exception.Date))
            {
                problems.Add(new($"exceptions[{i}].date", $"{exception.Date:yyyy-MM-dd} has more than one exception; merge their hours."));
            }

            CheckHours(problems, $"exceptions[{i}].hours", exception.Hours);
        }

        return problems;
    }

    /// <summary>The hours the calendar keeps on <paramref name="date"/>: an exception's, none on a holiday, else the weekday's.</summary>
    public IReadOnlyList<WorkingInterval> HoursOn(DateOnly date) => Schedule.HoursOn(date);

    /// <summary>The open periods of <paramref name="date"/> as instants, in order; daylight saving changes already applied.</summary>
    public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> OpenPeriodsOn(DateOnly date) => Schedule.Periods(date);

    /// <summary>How much open time lies between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to) => Schedule.Between(from, to);

    /// <summary>
    /// The earliest instant at which <paramref name="amount"/> of open time has passed since <paramref name="start"/>:
    /// a target reached at the close of business falls due at the close (17:00), not at the next opening. Zero is
    /// <paramref name="start"/> itself. The result is in the calendar's time zone.
    /// </summary>
    public DateTimeOffset Add(DateTimeOffset start, TimeSpan amount) => Schedule.Add(start, amount);

    public bool IsOpenAt(DateTimeOffset instant) => Schedule.IsOpenAt(instant);

    /// <summary>The instant in the calendar's zone, for showing.</summary>
    public DateTimeOffset InZone(DateTimeOffset instant) => Schedule.InZone(instant);

    /// <summary>The time zone with that IANA id, or null when the system does not know it.</summary>
    public static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>Monday, Tuesday, ... as the YAML form spells them: lowercase.</summary>
    public static string DayWord(DayOfWeek day) => day.ToString().ToLowerInvariant();

    private CalendarSchedule Schedule => Schedules.GetValue(this, calendar => new CalendarSchedule(calendar));

    private static void CheckHours(List<AgreementProblem> problems, string path, IReadOnlyList<WorkingInterval> hours)
    {
        for (var i = 0; i < hours.Count; i++)
        {
            if (!hours[i].IsValid)
            {
                problems.Add(new($"{path}[{i}]", $"{hours[i]} ends before it starts; an interval runs from its start to a later time (24:00 at the latest)."));
            }
            else if (i > 0 && hours[i - 1].IsValid && (hours[i - 1].EndsAtMidnight || hours[i].From < hours[i - 1].To))
            {
                problems.Add(new($"{path}[{i}]", $"{hours[i]} overlaps or comes before {hours[i - 1]}; list a day's intervals in order without overlaps."));
            }
        }
    }
}
