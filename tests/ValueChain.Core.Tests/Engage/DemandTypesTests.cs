using ValueChain.Engage;

namespace ValueChain.Core.Tests.Engage;

public sealed class DemandTypesTests
{
    [Fact]
    public void Demand_type_keys_are_unique_and_found_case_insensitively()
    {
        Assert.Equal(DemandTypes.All.Count, DemandTypes.All.Select(d => d.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Same(DemandTypes.Find("incident"), DemandTypes.Find("INCIDENT"));
        Assert.Null(DemandTypes.Find("outage"));
    }

    [Fact]
    public void Key_list_names_every_demand_type()
    {
        Assert.All(DemandTypes.All, d => Assert.Contains(d.Key, DemandTypes.KeyList, StringComparison.Ordinal));
    }
}
