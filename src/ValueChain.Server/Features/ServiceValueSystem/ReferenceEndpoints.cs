using ValueChain.Engage;
using ValueChain.Improve;
using ValueChain.ServiceValueSystem;

namespace ValueChain.Server.Features.ServiceValueSystem;

public sealed record ReferenceModel(
    IReadOnlyList<ReferenceItem> Elements,
    IReadOnlyList<ReferenceItem> Dimensions,
    IReadOnlyList<Practice> Practices,
    IReadOnlyList<ReferenceItem> GuidingPrinciples,
    IReadOnlyList<ReferenceItem> ContinualImprovementModel,
    IReadOnlyList<DemandType> DemandTypes);

/// <summary>The ITIL 4 reference model that value streams and records point at.</summary>
internal static class ReferenceEndpoints
{
    public static RouteHandlerBuilder MapReferenceEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/v1/reference", () => TypedResults.Ok(new ReferenceModel(
                ServiceValueSystemModel.Elements,
                ServiceValueSystemModel.Dimensions,
                Practices.All,
                ImprovementReference.GuidingPrinciples,
                ImprovementReference.ContinualImprovementModel,
                DemandTypes.All)))
            .WithTags("Reference model")
            .WithName("GetReferenceModel")
            .WithSummary("Service value system elements, the four dimensions, the 34 practices, guiding principles, the improvement model, demand types.");
}
