using ValueChain.Improve.Mining;
using static ValueChain.Core.Tests.Improve.Mining.MiningLogs;

namespace ValueChain.Core.Tests.Improve.Mining;

public sealed class CaseOutcomesTests
{
    [Fact]
    public void Each_case_counts_with_the_value_on_its_latest_event()
    {
        var outcomes = new CaseOutcomes("made_sla");
        outcomes.Add(At("1", "New", 0, null, ("made_sla", "true")));
        outcomes.Add(At("1", "Closed", 5, null, ("made_sla", "false")));
        // Arrives later but happened earlier: does not change how case 1 ended.
        outcomes.Add(At("1", "Active", 2, null, ("made_sla", "true")));
        outcomes.Add(At("2", "New", 0, null, ("made_sla", "false")));
        // Same time as the previous snapshot: the one that came last wins.
        outcomes.Add(At("2", "Resolved", 0, null, ("made_sla", "true")));
        outcomes.Add(At("3", "New", 0, null, ("made_sla", "true")));
        outcomes.Add(At("4", "New", 0));

        outcomes.CaseCount.ShouldBe(4);
        outcomes.Counts().ShouldBe(new Dictionary<string, int> { ["false"] = 1, ["true"] = 2 }, ignoreOrder: true);
        outcomes.Share("true").ShouldBe(0.5);
    }
}
