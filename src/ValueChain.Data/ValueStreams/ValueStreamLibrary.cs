namespace ValueChain.Data.ValueStreams;

/// <summary>The value streams that ship with ValueChain (the files in <c>valuestreams/</c>), carried in this assembly.</summary>
public static class ValueStreamLibrary
{
    private const string Prefix = "valuestreams/";

    public static IReadOnlyList<(string Name, string Source)> Load()
    {
        var assembly = typeof(ValueStreamLibrary).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return (name[Prefix.Length..], reader.ReadToEnd());
            })
            .ToList();
    }
}
