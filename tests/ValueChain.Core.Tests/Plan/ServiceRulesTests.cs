using ValueChain.Common;
using ValueChain.Plan;

namespace ValueChain.Core.Tests.Plan;

public sealed class ServiceRulesTests
{
    [Fact]
    public void A_new_service_trims_its_text_and_starts_at_revision_one()
    {
        var created = Service.Create("customer-portal", "  Customer portal ", "  ", ServiceLifecycle.Pipeline, " applications ");

        var service = created.Value;
        Assert.Equal("Customer portal", service.Name);
        Assert.Null(service.Description);
        Assert.Equal("applications", service.OwnerTeamKey);
        Assert.Equal(1, service.Revision);
    }

    [Theory]
    [InlineData("Customer-Portal")]
    [InlineData("customer portal")]
    [InlineData("customer--portal")]
    [InlineData("-portal")]
    [InlineData("portal-")]
    [InlineData("")]
    public void A_key_that_is_not_lowercase_kebab_is_refused(string key)
    {
        var created = Service.Create(key, "Portal", null, ServiceLifecycle.Pipeline, null);

        Assert.Equal("invalid-service", created.Error!.Code);
        Assert.Equal(["key"], created.Error.Fields!.Keys);
    }

    [Fact]
    public void Every_broken_field_is_reported_at_once()
    {
        var created = Service.Create("Bad Key", " ", new string('x', 2001), ServiceLifecycle.Retired, null);

        Assert.Equal(ErrorKind.Validation, created.Error!.Kind);
        Assert.Equal(["description", "key", "lifecycle", "name"], created.Error.Fields!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_refused_update_leaves_the_service_as_it_was()
    {
        var service = new Service("erp", "ERP", "Orders", ServiceLifecycle.Catalogue, "applications");

        var updated = service.Update("", "Changed", null);

        Assert.Equal(["name"], updated.Error!.Fields!.Keys);
        Assert.Equal(("ERP", "Orders", "applications", 1), (service.Name, service.Description, service.OwnerTeamKey, service.Revision));
    }

    [Fact]
    public void An_update_replaces_the_details_and_counts_a_revision()
    {
        var service = new Service("erp", "ERP", "Orders", ServiceLifecycle.Catalogue, "applications");

        service.Update("ERP and finance", null, null);

        Assert.Equal(("ERP and finance", (string?)null, (string?)null, 2), (service.Name, service.Description, service.OwnerTeamKey, service.Revision));
        Assert.Equal(ServiceLifecycle.Catalogue, service.Lifecycle);
    }

    [Fact]
    public void The_constructor_refuses_what_create_refuses()
    {
        Assert.Throws<ArgumentException>(() => new Service("Not A Key", "x", null, ServiceLifecycle.Catalogue, null));
        Assert.Throws<ArgumentException>(() => new Team("team", "", null));
    }

    [Fact]
    public void A_team_in_use_names_everything_that_refers_to_it()
    {
        var team = new Team("service-desk", "Service Desk", null);

        var refused = team.CheckDeletable(new TeamUsage(["restore-service/log-and-triage"], ["alex.morgan"], ["workplace"], 3));

        Assert.Equal("team-in-use", refused.Error!.Code);
        foreach (var part in new[] { "restore-service/log-and-triage", "alex.morgan", "workplace", "3 active work item(s)" })
        {
            Assert.Contains(part, refused.Error.Message, StringComparison.Ordinal);
        }

        Assert.True(team.CheckDeletable(new TeamUsage([], [], [], 0)).IsSuccess);
    }
}
