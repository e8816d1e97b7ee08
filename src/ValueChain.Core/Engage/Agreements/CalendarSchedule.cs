namespace ValueChain.Engage.Agreements;

/// <summary>
/// A <see cref="BusinessCalendar"/> ready to compute with: its zone resolved and its dates indexed. Open periods are
/// found day by day in the zone and turned into instants, so every daylight saving rule the zone has ever had applies.
/// </summary>
internal sealed class CalendarSchedule
{
    // A calendar that is validated opens at least once a week; this many closed days in a row means holidays and
    // exceptions close it for good, and adding time to it has no answer.
    private const int MaxClosedDays = 3660;

    private readonly TimeZoneInfo _zone;
    private readonly Dictionary<DayOfWeek, WorkingInterval[]> _week;
    private readonly IReadOnlyList<Holiday> _holidays;
    private readonly Dictionary<DateOnly, WorkingInterval[]> _exceptions;
    private readonly bool _alwaysOpen;

    public CalendarSchedule(BusinessCalendar calendar)
    {
        _zone = BusinessCalendar.FindZone(calendar.TimeZone)
            ?? throw new InvalidOperationException($"Calendar '{calendar.Key}' names an unknown time zone '{calendar.TimeZone}'.");
        _week = Enum.GetValues<DayOfWeek>().ToDictionary(
            day => day,
            day => calendar.Week.Where(d => d.Day == day).SelectMany(d => d.Hours).Where(h => h.IsValid).OrderBy(h => h.From).ToArray());
        _holidays = calendar.Holidays ?? [];
        _exceptions = (calendar.Exceptions ?? [])
            .GroupBy(e => e.Date)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Hours).Where(h => h.IsValid).OrderBy(h => h.From).ToArray());
        _alwaysOpen = _exceptions.Count == 0 && _holidays.Count == 0
            && _week.Values.All(hours => hours.Any(h => h.From == TimeOnly.MinValue && h.EndsAtMidnight));
    }

    public IReadOnlyList<WorkingInterval> HoursOn(DateOnly date)
    {
        if (_exceptions.TryGetValue(date, out var special))
        {
            return special;
        }

        return _holidays.Any(h => h.FallsOn(date)) ? [] : _week[date.DayOfWeek];
    }

    public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Periods(DateOnly date)
    {
        var hours = HoursOn(date);
        var periods = new List<(DateTimeOffset Start, DateTimeOffset End)>(hours.Count);
        foreach (var interval in hours)
        {
            var start = Instant(date.ToDateTime(interval.From));
            var end = Instant(interval.EndsAtMidnight ? date.AddDays(1).ToDateTime(TimeOnly.MinValue) : date.ToDateTime(interval.To));
            if (end > start)
            {
                periods.Add((start, end));
            }
        }

        return periods;
    }

    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        if (_alwaysOpen)
        {
            return to - from;
        }

        var total = TimeSpan.Zero;
        // A day's periods lie within its local midnights; a day either side covers zones whose midnight shifts.
        for (var date = LocalDate(from).AddDays(-1); date <= LocalDate(to).AddDays(1); date = date.AddDays(1))
        {
            foreach (var (start, end) in Periods(date))
            {
                var lo = start > from ? start : from;
                var hi = end < to ? end : to;
                if (hi > lo)
                {
                    total += hi - lo;
                }
            }
        }

        return total;
    }

    public DateTimeOffset Add(DateTimeOffset start, TimeSpan amount)
    {
        if (amount <= TimeSpan.Zero)
        {
            return start;
        }

        if (_alwaysOpen)
        {
            return InZone(start + amount);
        }

        var remaining = amount;
        var closedDays = 0;
        for (var date = LocalDate(start).AddDays(-1); ; date = date.AddDays(1))
        {
            var opened = false;
            foreach (var (periodStart, periodEnd) in Periods(date))
            {
                if (periodEnd <= start)
                {
                    continue;
                }

                var from = periodStart > start ? periodStart : start;
                var available = periodEnd - from;
                // Reaching the amount exactly at the end of a period falls due then, not at the next opening.
                if (remaining <= available)
                {
                    return InZone(from + remaining);
                }

                remaining -= available;
                opened = true;
            }

            closedDays = opened ? 0 : closedDays + 1;
            if (closedDays > MaxClosedDays)
            {
                throw new InvalidOperationException("The calendar stays closed for ten years from here; its holidays or exceptions close every working day.");
            }
        }
    }

    public bool IsOpenAt(DateTimeOffset instant)
    {
        var date = LocalDate(instant);
        for (var day = date.AddDays(-1); day <= date.AddDays(1); day = day.AddDays(1))
        {
            if (Periods(day).Any(p => p.Start <= instant && instant < p.End))
            {
                return true;
            }
        }

        return false;
    }

    public DateTimeOffset InZone(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);

    private DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(InZone(instant).DateTime);

    /// <summary>The instant a wall-clock time in the zone stands for (see <see cref="BusinessCalendar"/> for gaps and repeats).</summary>
    private DateTimeOffset Instant(DateTime local)
    {
        if (_zone.IsInvalidTime(local))
        {
            return GapEnd(local);
        }

        // Of a repeated time, the first occurrence: the larger offset gives the earlier instant.
        var offset = _zone.IsAmbiguousTime(local) ? _zone.GetAmbiguousTimeOffsets(local).Max() : _zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>The instant the clocks jumped over <paramref name="local"/>: the first instant whose wall-clock time is later.</summary>
    private DateTimeOffset GapEnd(DateTime local)
    {
        // Offsets stay within ±15 hours, so the jump lies within that distance of the wall-clock time read as UTC.
        var low = DateTime.SpecifyKind(local, DateTimeKind.Utc).AddHours(-15).Ticks;
        var high = DateTime.SpecifyKind(local, DateTimeKind.Utc).AddHours(15).Ticks;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (TimeZoneInfo.ConvertTimeFromUtc(new DateTime(middle, DateTimeKind.Utc), _zone) >= local)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return InZone(new DateTimeOffset(low, TimeSpan.Zero));
    }
}
