using System.Security.Cryptography;
using System.Text;
using ValueChain.Common;

namespace ValueChain.ValueStreams;

/// <summary>
/// One published version of a value stream definition, kept with its source text. Editing a stream publishes a
/// new revision; work items keep the version they started on.
/// </summary>
public sealed class ValueStreamRevision
{
    private ValueStreamDefinition? _definition;

    private ValueStreamRevision()
    {
        Key = Name = Source = ContentHash = PublishedBy = string.Empty;
        DemandTypes = [];
    }

    public long Id { get; private set; }

    public string Key { get; private set; }

    public int Version { get; private set; }

    public string Name { get; private set; }

    public List<string> DemandTypes { get; private set; }

    public string Source { get; private set; }

    /// <summary>SHA-256 of the normalized source; publishing the same text again makes no new version.</summary>
    public string ContentHash { get; private set; }

    public DateTimeOffset PublishedAt { get; private set; }

    public string PublishedBy { get; private set; }

    /// <summary>Reads the stored source again; it was valid when it was published.</summary>
    public ValueStreamDefinition Definition => _definition ??=
        ValueStreamReader.Read(Source).Definition
        ?? throw new InvalidOperationException($"Stored value stream '{Key}' v{Version} no longer reads as valid.");

    /// <summary>
    /// Reads and validates <paramref name="source"/> and makes it the next version after <paramref name="latest"/>.
    /// Returns the latest revision itself when the source is unchanged.
    /// </summary>
    public static Result<ValueStreamRevision> Publish(string source, ValueStreamRevision? latest, string publishedBy, DateTimeOffset at)
    {
        var read = ValueStreamReader.Read(source);
        if (!read.IsValid)
        {
            return DomainError.Validation("invalid-value-stream",
                "The value stream is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, read.Errors));
        }

        var definition = read.Definition!;
        if (latest is not null && latest.Key != definition.Key)
        {
            return DomainError.Validation("key-mismatch", $"This is value stream '{definition.Key}', not '{latest.Key}'.");
        }

        var hash = Hash(source);
        if (latest is not null && latest.ContentHash == hash)
        {
            return latest;
        }

        return new ValueStreamRevision
        {
            _definition = definition,
            Key = definition.Key,
            Version = (latest?.Version ?? 0) + 1,
            Name = definition.Name,
            DemandTypes = definition.DemandTypes.ToList(),
            Source = source,
            ContentHash = hash,
            PublishedAt = at,
            PublishedBy = publishedBy,
        };
    }

    public static string Hash(string source)
    {
        var lines = source.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd());
        var normalized = string.Join('\n', lines).Trim('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }
}
