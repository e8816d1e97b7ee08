using ValueChain.Common;
using ValueChain.ValueStreams;

namespace ValueChain.Core.Tests.ValueStreams;

public sealed class ValueStreamRevisionTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private const string Restore = """
        key: restore
        name: Restore
        demand: [incident]
        steps:
          - key: fix
            activity: deliver-support
            practices: [incident-management]
            target: 4h
            next: [value]
        value: Service restored.
        """;

    [Fact]
    public void Publish_first_time_makes_version_1_with_the_stream_details()
    {
        var published = ValueStreamRevision.Publish(Restore, null, "ann", Monday);

        Assert.True(published.IsSuccess);
        var revision = published.Value;
        Assert.Equal(1, revision.Version);
        Assert.Equal("restore", revision.Key);
        Assert.Equal("Restore", revision.Name);
        Assert.Equal(["incident"], revision.DemandTypes);
        Assert.Equal(Restore, revision.Source);
        Assert.Equal("ann", revision.PublishedBy);
        Assert.Equal(Monday, revision.PublishedAt);
        Assert.Equal(ValueStreamRevision.Hash(Restore), revision.ContentHash);
        Assert.Equal(64, revision.ContentHash.Length);
        Assert.Equal(TimeSpan.FromHours(4), revision.Definition.Step("fix").Target);
    }

    [Fact]
    public void Publish_same_text_again_returns_the_latest_revision_unchanged()
    {
        var first = ValueStreamRevision.Publish(Restore, null, "ann", Monday).Value;

        var again = ValueStreamRevision.Publish(Restore, first, "bob", Monday.AddDays(1));

        Assert.True(again.IsSuccess);
        Assert.Same(first, again.Value);
        Assert.Equal(1, again.Value.Version);
        Assert.Equal("ann", again.Value.PublishedBy);
    }

    [Fact]
    public void Publish_same_text_with_other_line_endings_and_trailing_spaces_makes_no_new_version()
    {
        var first = ValueStreamRevision.Publish(Restore, null, "ann", Monday).Value;
        var reformatted = string.Join("\r\n", Restore.Split('\n').Select(line => line + "  ")) + "\r\n\r\n";

        var again = ValueStreamRevision.Publish(reformatted, first, "bob", Monday.AddDays(1));

        Assert.True(again.IsSuccess);
        Assert.Same(first, again.Value);
    }

    [Fact]
    public void Publish_changed_text_makes_the_next_version()
    {
        var first = ValueStreamRevision.Publish(Restore, null, "ann", Monday).Value;
        var changed = Restore.Replace("target: 4h", "target: 2h", StringComparison.Ordinal);

        var second = ValueStreamRevision.Publish(changed, first, "bob", Monday.AddDays(1));

        Assert.True(second.IsSuccess);
        Assert.NotSame(first, second.Value);
        Assert.Equal(2, second.Value.Version);
        Assert.Equal("bob", second.Value.PublishedBy);
        Assert.NotEqual(first.ContentHash, second.Value.ContentHash);
        Assert.Equal(TimeSpan.FromHours(2), second.Value.Definition.Step("fix").Target);
        Assert.Equal(TimeSpan.FromHours(4), first.Definition.Step("fix").Target);
    }

    [Fact]
    public void Publish_invalid_text_is_a_validation_error_listing_each_located_problem()
    {
        var invalid = Restore
            .Replace("[incident]", "[outage]", StringComparison.Ordinal)
            .Replace("deliver-support", "operate", StringComparison.Ordinal);

        var published = ValueStreamRevision.Publish(invalid, null, "ann", Monday);

        Assert.False(published.IsSuccess);
        Assert.Equal(ErrorKind.Validation, published.Error!.Kind);
        Assert.Equal("invalid-value-stream", published.Error.Code);
        Assert.Contains("3:10: demand[0]: Unknown demand type 'outage'", published.Error.Message, StringComparison.Ordinal);
        Assert.Contains("6:15: steps[0].activity: Unknown activity 'operate'", published.Error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => published.Value);
    }

    [Fact]
    public void Publish_a_different_stream_as_the_next_version_is_refused()
    {
        var first = ValueStreamRevision.Publish(Restore, null, "ann", Monday).Value;
        var other = Restore.Replace("key: restore", "key: recover", StringComparison.Ordinal);

        var published = ValueStreamRevision.Publish(other, first, "bob", Monday.AddDays(1));

        Assert.False(published.IsSuccess);
        Assert.Equal(ErrorKind.Validation, published.Error!.Kind);
        Assert.Equal("key-mismatch", published.Error.Code);
        Assert.Contains("'recover'", published.Error.Message, StringComparison.Ordinal);
        Assert.Contains("'restore'", published.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_ignores_line_endings_and_trailing_whitespace_but_not_content()
    {
        Assert.Equal(ValueStreamRevision.Hash("a: 1\nb: 2"), ValueStreamRevision.Hash("a: 1  \r\nb: 2\r\n"));
        Assert.NotEqual(ValueStreamRevision.Hash("a: 1\nb: 2"), ValueStreamRevision.Hash("a: 1\nb: 3"));
        Assert.NotEqual(ValueStreamRevision.Hash("a: 1\nb: 2"), ValueStreamRevision.Hash("a: 1\n  b: 2"));
    }
}
