namespace ValueChain.Server.Features.ValueStreams.WorkItems;

/// <summary>What a transition form on the work item page posts; each form fills the fields its action needs.</summary>
internal sealed class TransitionInput
{
    public const string Start = "start";
    public const string Wait = "wait";
    public const string Resume = "resume";
    public const string Complete = "complete";
    public const string LoopBack = "loop-back";
    public const string Cancel = "cancel";
    public const string Assign = "assign";
    public const string Confirm = "confirm-value";
    public const string Reopen = "reopen";
    public const string Priority = "priority";

    public string? Action { get; set; }

    /// <summary>The revision the form was rendered at; a newer one in storage means someone else acted first.</summary>
    public int? Revision { get; set; }

    public string? WaitReason { get; set; }

    public string? WaitNote { get; set; }

    public string? ResumeNote { get; set; }

    public string? LoopReason { get; set; }

    public string? CancelReason { get; set; }

    public string? ReopenReason { get; set; }

    public string? Next { get; set; }

    public string? To { get; set; }

    public string? Assignee { get; set; }

    public string? PriorityName { get; set; }

    public string? PriorityReason { get; set; }

    public string? Outcome { get; set; }

    public int? Rating { get; set; }

    /// <summary>Artifact kind → title of the artifact produced; kinds left blank produce nothing.</summary>
    public Dictionary<string, string>? Titles { get; set; }

    public Dictionary<string, string>? Contents { get; set; }
}
