using ValueChain.Common;
using ValueChain.Plan;
using L = ValueChain.Plan.ServiceLifecycle;

namespace ValueChain.Core.Tests.Plan;

public sealed class ServiceLifecycleTests
{
    [Theory]
    [InlineData(L.Pipeline, L.Catalogue)]
    [InlineData(L.Pipeline, L.Retired)]
    [InlineData(L.Catalogue, L.Retired)]
    [InlineData(L.Retired, L.Pipeline)]
    public void A_legal_move_changes_the_lifecycle_and_the_revision(L from, L to)
    {
        var service = new Service("payroll", "Payroll", null, from, null);

        var moved = service.MoveTo(to);

        Assert.True(moved.IsSuccess);
        Assert.Equal(to, service.Lifecycle);
        Assert.Equal(2, service.Revision);
    }

    [Theory]
    [InlineData(L.Retired, L.Catalogue, "through the pipeline")]
    [InlineData(L.Catalogue, L.Pipeline, "stays in the catalogue")]
    public void An_illegal_move_is_refused_with_the_reason_and_changes_nothing(L from, L to, string reason)
    {
        var service = new Service("payroll", "Payroll", null, from, null);

        var moved = service.MoveTo(to);

        Assert.False(moved.IsSuccess);
        Assert.Equal(ErrorKind.InvalidTransition, moved.Error!.Kind);
        Assert.Equal("lifecycle-move-not-allowed", moved.Error.Code);
        Assert.Contains(reason, moved.Error.Message, StringComparison.Ordinal);
        Assert.Equal(from, service.Lifecycle);
        Assert.Equal(1, service.Revision);
    }

    [Theory]
    [InlineData(L.Pipeline)]
    [InlineData(L.Catalogue)]
    [InlineData(L.Retired)]
    public void Moving_to_where_the_service_already_is_is_refused(L lifecycle)
    {
        var service = new Service("payroll", "Payroll", null, lifecycle, null);

        var moved = service.MoveTo(lifecycle);

        Assert.Equal("lifecycle-unchanged", moved.Error!.Code);
        Assert.Equal(1, service.Revision);
    }

    [Fact]
    public void A_retired_service_comes_back_to_the_catalogue_through_the_pipeline()
    {
        var service = new Service("payroll", "Payroll", null, L.Retired, null);

        Assert.False(service.MoveTo(L.Catalogue).IsSuccess);
        Assert.True(service.MoveTo(L.Pipeline).IsSuccess);
        Assert.True(service.MoveTo(L.Catalogue).IsSuccess);
        Assert.Equal(L.Catalogue, service.Lifecycle);
    }

    [Fact]
    public void The_moves_a_service_can_make_follow_the_rule()
    {
        Assert.Equal([L.Catalogue, L.Retired], new Service("a", "A", null, L.Pipeline, null).Moves);
        Assert.Equal([L.Retired], new Service("a", "A", null, L.Catalogue, null).Moves);
        Assert.Equal([L.Pipeline], new Service("a", "A", null, L.Retired, null).Moves);
        foreach (var from in Enum.GetValues<L>())
        {
            Assert.False(Service.CanMove(from, from));
        }
    }

    [Fact]
    public void Only_a_pipeline_service_without_work_can_be_deleted()
    {
        Assert.True(new Service("a", "A", null, L.Pipeline, null).CheckDeletable(0).IsSuccess);
        Assert.Equal("service-has-work", new Service("a", "A", null, L.Pipeline, null).CheckDeletable(2).Error!.Code);
        Assert.Equal("service-not-deletable", new Service("a", "A", null, L.Catalogue, null).CheckDeletable(0).Error!.Code);
        Assert.Equal("service-not-deletable", new Service("a", "A", null, L.Retired, null).CheckDeletable(0).Error!.Code);
    }
}
