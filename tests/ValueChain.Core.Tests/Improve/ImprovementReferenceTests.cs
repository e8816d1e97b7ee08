using ValueChain.Improve;

namespace ValueChain.Core.Tests.Improve;

public sealed class ImprovementReferenceTests
{
    [Fact]
    public void There_are_seven_guiding_principles_with_unique_keys()
    {
        Assert.Equal(7, ImprovementReference.GuidingPrinciples.Count);
        Assert.Equal(7, ImprovementReference.GuidingPrinciples.Select(p => p.Key).Distinct().Count());
        Assert.Contains(ImprovementReference.GuidingPrinciples, p => p.Key == "focus-on-value");
    }

    [Fact]
    public void Continual_improvement_model_has_seven_steps_from_vision_to_momentum()
    {
        Assert.Equal(
            ["vision", "where-are-we-now", "where-do-we-want-to-be", "how-do-we-get-there", "take-action",
             "did-we-get-there", "keep-the-momentum"],
            ImprovementReference.ContinualImprovementModel.Select(s => s.Key));
    }
}
