using ValueChain.ServiceValueSystem;

namespace ValueChain.Improve;

/// <summary>The guiding principles and the continual improvement model that improvement work refers to.</summary>
public static class ImprovementReference
{
    public static IReadOnlyList<ReferenceItem> GuidingPrinciples { get; } =
    [
        new("focus-on-value", "Focus on value", "Everything the organization does links back, directly or indirectly, to value for stakeholders."),
        new("start-where-you-are", "Start where you are", "Measure and reuse what already works before building something new."),
        new("progress-iteratively-with-feedback", "Progress iteratively with feedback", "Work in small steps and use feedback before, during and after each."),
        new("collaborate-and-promote-visibility", "Collaborate and promote visibility", "Work together across boundaries and make work and its results visible."),
        new("think-and-work-holistically", "Think and work holistically", "No service or practice stands alone; consider the whole system."),
        new("keep-it-simple-and-practical", "Keep it simple and practical", "Use the minimum number of steps that achieves the outcome."),
        new("optimize-and-automate", "Optimize and automate", "Make work as effective as it needs to be, then automate where it pays."),
    ];

    public static IReadOnlyList<ReferenceItem> ContinualImprovementModel { get; } =
    [
        new("vision", "What is the vision?", "Link the improvement to the organization's vision and objectives."),
        new("where-are-we-now", "Where are we now?", "Assess the current state with objective measurements."),
        new("where-do-we-want-to-be", "Where do we want to be?", "Define measurable targets for the improvement."),
        new("how-do-we-get-there", "How do we get there?", "Plan the route, often as a series of small iterations."),
        new("take-action", "Take action", "Carry out the plan, with feedback along the way."),
        new("did-we-get-there", "Did we get there?", "Check the results against the targets and the vision."),
        new("keep-the-momentum", "How do we keep the momentum going?", "Share and embed the success, and look for the next improvement."),
    ];
}
