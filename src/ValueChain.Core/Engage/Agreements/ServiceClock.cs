using ValueChain.ValueStreams.Runs;

namespace ValueChain.Engage.Agreements;

/// <summary>Where a clock stands.</summary>
public enum ClockState
{
    /// <summary>Its start event has not happened (or its agreement does not apply yet).</summary>
    NotStarted,
    /// <summary>Counting, and not yet past its due instant.</summary>
    Running,
    /// <summary>Inside its span but paused (the work waits for the customer, say); not past its due instant.</summary>
    Paused,
    /// <summary>Stopped no later than it fell due.</summary>
    Met,
    /// <summary>Time passed its due instant before it stopped; it stays breached, whether it runs on, pauses, stops or is cancelled.</summary>
    Breached,
    /// <summary>The work item was cancelled, or the agreement withdrawn, before the clock stopped and without a breach.</summary>
    Cancelled,
}

/// <summary>
/// The definition a clock runs on from <see cref="EffectiveFrom"/>: a target of an agreement and the calendar it counts
/// on. A null <see cref="Target"/> means no agreement of the clock's kind applies any more (it is withdrawn).
/// </summary>
public sealed record ClockDefinition(DateTimeOffset EffectiveFrom, AgreementTarget? Target, BusinessCalendar? Calendar = null, string? AgreementKey = null)
{
    /// <summary>A definition in force for the whole life of the work item.</summary>
    public static ClockDefinition Throughout(AgreementTarget target, BusinessCalendar? calendar = null, string? agreementKey = null) =>
        new(DateTimeOffset.MinValue, target, calendar, agreementKey);
}

/// <summary>A percentage of the target duration: when it was reached, or when it will be if nothing else happens.</summary>
/// <param name="DueAt">The instant it was reached, or will be while the clock keeps counting; null while the clock pauses.</param>
public sealed record ThresholdStatus(int Percent, DateTimeOffset? ReachedAt, DateTimeOffset? DueAt)
{
    public bool Reached => ReachedAt is not null;
}

/// <summary>One clock of one work item, as of an instant.</summary>
/// <param name="Counting">Whether time counts now: inside the span and not paused (breached clocks count on, to measure how late).</param>
/// <param name="Duration">The target duration at the current priority.</param>
/// <param name="Elapsed">Business time counted while inside the span and not paused.</param>
/// <param name="Paused">Business time inside the span spent paused; it never counts, and is never lost.</param>
/// <param name="Remaining">Duration less elapsed; negative when over.</param>
/// <param name="StoppedAt">When the span ended (stop, cancellation, withdrawal); null while inside it, and again after a reopening.</param>
/// <param name="BreachAt">The instant the breach falls due (if nothing else happens) or fell due; null while paused before it.</param>
/// <param name="BreachedAt">The instant the target was missed: its due instant, or the change that put it past its target.</param>
/// <param name="Thresholds">The warning, escalation and breach percentages.</param>
/// <param name="Target">The target in force now; null when the agreement was withdrawn.</param>
public sealed record ClockStatus(
    string TargetName,
    ClockState State,
    bool Counting,
    Priority Priority,
    TimeSpan Duration,
    TimeSpan Elapsed,
    TimeSpan Paused,
    TimeSpan Remaining,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt,
    DateTimeOffset? BreachAt,
    DateTimeOffset? BreachedAt,
    IReadOnlyList<ThresholdStatus> Thresholds,
    AgreementTarget? Target,
    string? AgreementKey)
{
    public bool IsStopped => StoppedAt is not null;

    /// <summary>The warning percentages reached so far.</summary>
    public IReadOnlyList<int> WarningsReached => [.. Thresholds.Where(t => t.Percent < 100 && t.Reached).Select(t => t.Percent)];

    /// <summary>When the next warning falls due if nothing else happens; null when none is ahead or the clock pauses.</summary>
    public DateTimeOffset? NextWarningAt => Thresholds.Where(t => t.Percent < 100 && !t.Reached).Select(t => t.DueAt).Min();

    public ThresholdStatus? Threshold(int percent) => Thresholds.FirstOrDefault(t => t.Percent == percent);
}

/// <summary>
/// Evaluates a service level clock by replaying a work item's events: a pure function of the definitions, the events
/// and "now", so any node can compute the same answer at any time and a background job can act on it.
/// </summary>
/// <remarks>
/// <para>Boundaries. A clock is due at the instant its elapsed business time reaches the duration; it is breached
/// only once time passes that instant, so a stop at 17:00:00 on a target due at 17:00 is met. Warnings and
/// escalations (any percentage but 100) are reached at their instant, inclusive. Reached thresholds stay reached.</para>
/// <para>Recalculation. A change — another agreement, a new calendar (a new <see cref="ClockDefinition"/>) or another
/// priority (a <c>priority-changed</c> event) — applies from its instant on. Time counted before it stays as it was
/// counted: elapsed, paused, thresholds reached and a breach all stand; after it, the new duration, calendar and pause
/// rules count. The clock keeps its place in its span (running, paused or stopped) across the change; one not started
/// yet starts at the change if the new definition's span has already begun by then. If the change leaves the elapsed
/// time over the new duration, the clock is breached at the change instant. A correction that should reach back
/// further takes effect from an earlier instant.</para>
/// <para>Reopening. A stopped clock runs again at an event matching its resume conditions, with its elapsed and
/// paused time, thresholds and breach carried on. Closing the work (value confirmed) stops a running clock;
/// cancelling the work cancels it.</para>
/// </remarks>
public static class ServiceClock
{
    public static ClockStatus Evaluate(AgreementTarget target, BusinessCalendar? calendar, IReadOnlyList<ClockEvent> events, DateTimeOffset now) =>
        Evaluate([ClockDefinition.Throughout(target, calendar)], events, now);

    public static ClockStatus Evaluate(IReadOnlyList<ClockDefinition> definitions, IReadOnlyList<ClockEvent> events, DateTimeOffset now)
    {
        if (definitions.Count == 0 || definitions.All(d => d.Target is null))
        {
            throw new ArgumentException("A clock needs at least one definition with a target.", nameof(definitions));
        }

        var replay = new Replay(definitions, events, now);
        return replay.Run();
    }

    private enum Phase
    {
        NotStarted,
        InSpan,
        Stopped,
        Cancelled,
    }

    private sealed class Replay
    {
        private readonly List<ClockEvent> _events;
        private readonly List<ClockDefinition> _definitions;
        private readonly DateTimeOffset _now;
        private readonly ItemPosition _position = new();
        private readonly SortedDictionary<int, DateTimeOffset> _reached = [];

        private ClockDefinition? _definition;
        private Phase _phase;
        private TimeSpan _elapsed;
        private TimeSpan _paused;
        private DateTimeOffset? _startedAt;
        private DateTimeOffset? _stoppedAt;
        private DateTimeOffset? _breachedAt;

        public Replay(IReadOnlyList<ClockDefinition> definitions, IReadOnlyList<ClockEvent> events, DateTimeOffset now)
        {
            _now = now;
            // Stable orderings: events at one instant keep the order they were recorded in.
            _events = [.. events.Where(e => e.OccurredAt <= now).OrderBy(e => e.OccurredAt)];
            _definitions = [.. definitions.OrderBy(d => d.EffectiveFrom)];
        }

        private AgreementTarget? Target => _definition?.Target;

        private BusinessCalendar Calendar => _definition?.Calendar ?? BusinessCalendar.AlwaysOpen;

        private TimeSpan Duration => Target!.DurationFor(_position.Priority);

        public ClockStatus Run()
        {
            var changes = new Queue<ClockDefinition>(_definitions.Where(d => d.EffectiveFrom <= _now));
            DateTimeOffset? cursor = null;
            var index = 0;
            while (changes.Count > 0 || index < _events.Count)
            {
                // At one instant a change of definition comes first, so that the events of that instant meet the new one.
                var change = changes.Count > 0 && (index >= _events.Count || changes.Peek().EffectiveFrom <= _events[index].OccurredAt);
                var at = change ? changes.Peek().EffectiveFrom : _events[index].OccurredAt;
                Advance(cursor, at);
                if (change)
                {
                    Switch(changes.Dequeue(), at);
                }
                else
                {
                    Apply(_events[index++]);
                }

                cursor = at;
            }

            Advance(cursor, _now);
            return Status();
        }

        /// <summary>Counts the time from <paramref name="from"/> to <paramref name="to"/>, in which nothing changes.</summary>
        private void Advance(DateTimeOffset? from, DateTimeOffset to)
        {
            if (from is not { } start || to <= start || Target is null || _phase != Phase.InSpan)
            {
                return;
            }

            var calendar = Calendar;
            var counted = calendar.Between(start, to);
            if (_position.Pauses(Target.Pause))
            {
                _paused += counted;
                return;
            }

            // Only a threshold still ahead that this stretch reaches needs its instant found.
            foreach (var percent in Target.Thresholds.Where(p => !_reached.ContainsKey(p) && _elapsed + counted >= Share(p)))
            {
                var at = calendar.Add(start, Positive(Share(percent) - _elapsed));
                if (percent == 100)
                {
                    // Due at the instant the duration is used up; breached once time goes past it.
                    if (at < to)
                    {
                        Breach(at);
                    }
                }
                else if (at <= to)
                {
                    _reached[percent] = at;
                }
            }

            _elapsed += counted;
        }

        private void Switch(ClockDefinition next, DateTimeOffset at)
        {
            _definition = next;
            if (next.Target is null)
            {
                if (_phase is Phase.InSpan or Phase.NotStarted)
                {
                    _stoppedAt = _phase == Phase.InSpan ? at : null;
                    _phase = Phase.Cancelled;
                }

                return;
            }

            if (_phase == Phase.NotStarted && SpanOpen(next.Target, at))
            {
                Start(at);
            }

            CheckOver(at);
        }

        private void Apply(ClockEvent e)
        {
            _position.Apply(e);
            if (Target is { } target && _phase != Phase.Cancelled)
            {
                if (e.Type == EventTypes.Cancelled)
                {
                    if (_phase == Phase.InSpan)
                    {
                        _stoppedAt = e.OccurredAt;
                    }

                    if (_phase != Phase.Stopped)
                    {
                        _phase = Phase.Cancelled;
                    }

                    return;
                }

                foreach (var (type, step) in ClockEventTypes.Occurrences(e))
                {
                    _phase = Next(target, _phase, type, step, e.WaitReason, out var moved);
                    if (moved == Phase.InSpan)
                    {
                        Start(e.OccurredAt);
                    }
                    else if (moved == Phase.Stopped)
                    {
                        _stoppedAt = e.OccurredAt;
                    }
                }

                if (e.Type == EventTypes.ValueConfirmed && _phase == Phase.InSpan)
                {
                    // Closed work has nothing left to time.
                    _phase = Phase.Stopped;
                    _stoppedAt = e.OccurredAt;
                }
            }

            CheckOver(e.OccurredAt);
        }

        private void Start(DateTimeOffset at)
        {
            _phase = Phase.InSpan;
            _startedAt ??= at;
            _stoppedAt = null;
        }

        /// <summary>Moves a phase on one occurrence; <paramref name="moved"/> says where to when it moved.</summary>
        private static Phase Next(AgreementTarget target, Phase phase, string type, StepRef? step, WaitReason? reason, out Phase? moved)
        {
            var conditions = phase switch
            {
                Phase.NotStarted => target.Start,
                Phase.InSpan => target.Stop,
                Phase.Stopped => target.ResumeConditions,
                _ => [],
            };
            moved = conditions.Any(c => c.Matches(type, step, reason)) ? (phase == Phase.InSpan ? Phase.Stopped : Phase.InSpan) : null;
            return moved ?? phase;
        }

        /// <summary>Whether the item is inside the target's span at <paramref name="at"/>, judged by its events before then.</summary>
        private bool SpanOpen(AgreementTarget target, DateTimeOffset at)
        {
            var phase = Phase.NotStarted;
            foreach (var e in _events.TakeWhile(e => e.OccurredAt < at))
            {
                if (e.Type is EventTypes.Cancelled or EventTypes.ValueConfirmed)
                {
                    return false;
                }

                foreach (var (type, step) in ClockEventTypes.Occurrences(e))
                {
                    phase = Next(target, phase, type, step, e.WaitReason, out _);
                }
            }

            return phase == Phase.InSpan;
        }

        /// <summary>After a change, a resumption or a new priority: thresholds the elapsed time is already at are reached now.</summary>
        private void CheckOver(DateTimeOffset at)
        {
            if (Target is null || _phase != Phase.InSpan)
            {
                return;
            }

            foreach (var percent in Target.Thresholds.Where(p => p != 100 && !_reached.ContainsKey(p)))
            {
                if (_elapsed >= Share(percent))
                {
                    _reached[percent] = at;
                }
            }

            if (_breachedAt is null && _elapsed > Duration)
            {
                Breach(at);
            }
        }

        private void Breach(DateTimeOffset at)
        {
            _breachedAt = at;
            _reached[100] = at;
        }

        private TimeSpan Share(int percent) => TimeSpan.FromTicks(Duration.Ticks * percent / 100);

        private static TimeSpan Positive(TimeSpan span) => span > TimeSpan.Zero ? span : TimeSpan.Zero;

        private ClockStatus Status()
        {
            var target = Target
                ?? (_definitions.LastOrDefault(d => d.Target is not null && d.EffectiveFrom <= _now) ?? _definitions.First(d => d.Target is not null)).Target!;
            var duration = target.DurationFor(_position.Priority);
            var inSpan = _phase == Phase.InSpan && Target is not null;
            var counting = inSpan && !_position.Pauses(target.Pause);
            var state = (_phase, _breachedAt) switch
            {
                (Phase.NotStarted, _) => ClockState.NotStarted,
                (_, not null) => ClockState.Breached,
                (Phase.Stopped, _) => ClockState.Met,
                (Phase.Cancelled, _) => ClockState.Cancelled,
                _ => counting ? ClockState.Running : ClockState.Paused,
            };
            var calendar = Calendar;
            DateTimeOffset? Ahead(TimeSpan share) => counting ? calendar.Add(_now, Positive(share - _elapsed)) : null;
            var thresholds = target.Thresholds
                .Select(p => _reached.TryGetValue(p, out var at)
                    ? new ThresholdStatus(p, at, at)
                    : new ThresholdStatus(p, null, Ahead(TimeSpan.FromTicks(duration.Ticks * p / 100))))
                .ToList();
            return new ClockStatus(
                target.Name,
                state,
                counting,
                _position.Priority,
                duration,
                _elapsed,
                _paused,
                duration - _elapsed,
                _startedAt,
                _phase is Phase.Stopped or Phase.Cancelled ? _stoppedAt : null,
                _breachedAt ?? Ahead(duration),
                _breachedAt,
                thresholds,
                Target,
                _definition?.AgreementKey);
        }
    }

    /// <summary>Where the work item stands, as far as pausing is concerned: rebuilt from its events.</summary>
    private sealed class ItemPosition
    {
        public string? StepKey { get; private set; }

        public bool Waiting { get; private set; }

        public WaitReason? Reason { get; private set; }

        public bool Delivered { get; private set; }

        public Priority Priority { get; private set; } = Priority.Medium;

        public bool Pauses(PauseWhile? pause) =>
            pause is not null
            && ((Waiting && Reason is { } reason && (pause.WaitingFor ?? []).Contains(reason))
                || (!Delivered && StepKey is not null && (pause.Steps ?? []).Contains(StepKey, StringComparer.Ordinal))
                || (Delivered && pause.Delivered));

        public void Apply(ClockEvent e)
        {
            switch (e.Type)
            {
                case EventTypes.DemandOpened:
                    Enter(e.Step?.Key);
                    Priority = e.Priority ?? Priority.Medium;
                    break;
                case EventTypes.StepWaiting:
                    Waiting = true;
                    Reason = e.WaitReason;
                    break;
                case EventTypes.StepResumed:
                    Waiting = false;
                    Reason = null;
                    break;
                case EventTypes.StepCompleted:
                    Enter(e.Next?.Key);
                    Delivered = e.Next is null;
                    break;
                case EventTypes.LoopedBack:
                case ClockEventTypes.Reopened:
                    Enter(e.Next?.Key ?? StepKey);
                    break;
                case ClockEventTypes.PriorityChanged when e.Priority is { } priority:
                    Priority = priority;
                    break;
            }
        }

        private void Enter(string? step)
        {
            StepKey = step;
            Waiting = false;
            Reason = null;
            Delivered = false;
        }
    }
}
