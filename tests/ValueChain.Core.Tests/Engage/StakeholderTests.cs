using ValueChain.Engage;

namespace ValueChain.Core.Tests.Engage;

public sealed class StakeholderTests
{
    [Theory]
    [InlineData("anna.keller")]
    [InlineData("cloudhost")]
    [InlineData("north-wind.sales")]
    public void User_names_and_kebab_words_are_stakeholder_keys(string key) => Assert.True(Stakeholder.IsKey(key));

    [Theory]
    [InlineData("Anna.Keller")]
    [InlineData("anna..keller")]
    [InlineData("anna keller")]
    [InlineData(".anna")]
    [InlineData("anna@example.org")]
    public void Other_text_is_not_a_stakeholder_key(string key) => Assert.False(Stakeholder.IsKey(key));

    [Fact]
    public void Every_broken_field_is_reported_at_once()
    {
        var created = Stakeholder.Create("Bad Key", "", StakeholderKind.Supplier, "not-an-address", new string('o', 201));

        Assert.Equal("invalid-stakeholder", created.Error!.Code);
        Assert.Equal(["email", "key", "name", "organization"], created.Error.Fields!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_update_keeps_the_key_and_counts_a_revision()
    {
        var stakeholder = new Stakeholder("cloudhost", "CloudHost", StakeholderKind.Supplier, "support@cloudhost.example");

        stakeholder.Update("CloudHost Ltd", StakeholderKind.Partner, null, "CloudHost Group");

        Assert.Equal(("cloudhost", "CloudHost Ltd", StakeholderKind.Partner, (string?)null, "CloudHost Group", 2),
            (stakeholder.Key, stakeholder.Name, stakeholder.Kind, stakeholder.Email, stakeholder.Organization, stakeholder.Revision));
    }

    [Fact]
    public void A_stakeholder_who_requested_work_cannot_be_deleted()
    {
        var stakeholder = new Stakeholder("anna.keller", "Anna Keller", StakeholderKind.User);

        Assert.Equal("stakeholder-in-use", stakeholder.CheckDeletable(2).Error!.Code);
        Assert.True(stakeholder.CheckDeletable(0).IsSuccess);
    }
}
