using ValueChain.ServiceValueSystem;

namespace ValueChain.Flow;

/// <summary>
/// A kind of information that one value chain activity produces for others, e.g. performance information
/// that deliver and support hands to improve.
/// </summary>
/// <param name="Key">Stable key used in value stream files.</param>
/// <param name="Name">Human name.</param>
/// <param name="Producers">The activities that may produce it.</param>
/// <param name="Receivers">The activities whose inboxes receive it.</param>
/// <param name="FromGovernance">Produced by governance, outside the value chain.</param>
/// <param name="ExternalRecipients">Recipients outside the value chain (customers, consumers, management).</param>
public sealed record ArtifactKind(
    string Key,
    string Name,
    IReadOnlySet<ValueChainActivity> Producers,
    IReadOnlySet<ValueChainActivity> Receivers,
    bool FromGovernance = false,
    IReadOnlyList<string>? ExternalRecipients = null)
{
    public IReadOnlyList<string> External => ExternalRecipients ?? [];
}
