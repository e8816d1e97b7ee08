using System.Text.RegularExpressions;
using ValueChain.ServiceValueSystem;

namespace ValueChain.Core.Tests.ServiceValueSystem;

public sealed partial class ReferenceDataTests
{
    [Fact]
    public void Value_chain_has_six_activities_one_per_enum_value()
    {
        Assert.Equal(6, ValueChainActivities.All.Count);
        Assert.Equal(Enum.GetValues<ValueChainActivity>(), ValueChainActivities.All.Select(a => a.Activity).Order());
        Assert.Equal(
            ["plan", "improve", "engage", "design-transition", "obtain-build", "deliver-support"],
            ValueChainActivities.All.Select(a => a.Key));
    }

    [Fact]
    public void Every_activity_parses_back_from_its_key()
    {
        foreach (var activity in Enum.GetValues<ValueChainActivity>())
        {
            Assert.True(ValueChainActivities.TryParse(activity.Key(), out var parsed));
            Assert.Equal(activity, parsed);
            Assert.Equal(activity, activity.Info().Activity);
            Assert.False(string.IsNullOrWhiteSpace(activity.Info().Purpose));
            Assert.NotEmpty(activity.Info().OwnedRecords);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("operate")]
    [InlineData("DeliverAndSupport")]
    public void TryParse_refuses_what_is_not_an_activity_key(string? key)
    {
        Assert.False(ValueChainActivities.TryParse(key, out _));
    }

    [Fact]
    public void Activity_key_list_names_all_six_keys()
    {
        Assert.Equal("plan, improve, engage, design-transition, obtain-build, deliver-support", ValueChainActivities.KeyList);
    }

    [Fact]
    public void There_are_34_practices_split_14_general_17_service_3_technical()
    {
        Assert.Equal(34, Practices.All.Count);
        Assert.Equal(14, Practices.All.Count(p => p.Group == PracticeGroup.GeneralManagement));
        Assert.Equal(17, Practices.All.Count(p => p.Group == PracticeGroup.ServiceManagement));
        Assert.Equal(3, Practices.All.Count(p => p.Group == PracticeGroup.TechnicalManagement));
    }

    [Fact]
    public void Practice_keys_are_unique_kebab_case_and_found_by_key()
    {
        Assert.Equal(34, Practices.All.Select(p => p.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(Practices.All, p =>
        {
            Assert.Matches(KebabKey(), p.Key);
            Assert.Same(p, Practices.Find(p.Key));
            Assert.False(string.IsNullOrWhiteSpace(p.Name));
        });
        Assert.Null(Practices.Find("firefighting"));
    }

    [Theory]
    [InlineData("service-desk", PracticeGroup.ServiceManagement)]
    [InlineData("incident-management", PracticeGroup.ServiceManagement)]
    [InlineData("continual-improvement", PracticeGroup.GeneralManagement)]
    [InlineData("supplier-management", PracticeGroup.GeneralManagement)]
    [InlineData("deployment-management", PracticeGroup.TechnicalManagement)]
    public void Well_known_practices_sit_in_their_itil_group(string key, PracticeGroup group)
    {
        Assert.Equal(group, Practices.Find(key)!.Group);
    }

    [Fact]
    public void Service_value_system_has_five_elements_and_four_dimensions_with_unique_keys()
    {
        Assert.Equal(
            ["guiding-principles", "governance", "service-value-chain", "practices", "continual-improvement"],
            ServiceValueSystemModel.Elements.Select(e => e.Key));
        Assert.Equal(4, ServiceValueSystemModel.Dimensions.Count);
        Assert.Equal(4, ServiceValueSystemModel.Dimensions.Select(d => d.Key).Distinct().Count());
        Assert.Contains(ServiceValueSystemModel.Dimensions, d => d.Key == "partners-and-suppliers");
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabKey();
}
