using ValueChain.ValueStreams;

namespace ValueChain.Cli.ValueStreams;

/// <summary>One value stream file as read from disk: the name the user knows it by, its text and what the reader made of it.</summary>
internal sealed record StreamFile(string DisplayPath, string Source, ValueStreamReadResult Read)
{
    public IEnumerable<string> Findings =>
        Read.Errors.Select(e => string.IsNullOrEmpty(e.Path)
            ? $"{DisplayPath}:{e.Location.Line}:{e.Location.Column}: {e.Message}"
            : $"{DisplayPath}:{e.Location.Line}:{e.Location.Column}: {e.Path}: {e.Message}");
}

/// <summary>Finds value stream files among the paths given on the command line and reads them.</summary>
internal static class StreamFiles
{
    private static readonly string[] Extensions = [".yaml", ".yml"];

    /// <summary>
    /// Files are taken as given, whatever their extension; folders contribute their <c>*.yaml</c> and <c>*.yml</c>
    /// files, subfolders included. A path that does not exist, or a folder without any, is a usage error.
    /// </summary>
    public static (IReadOnlyList<StreamFile> Files, string? Error) Load(IReadOnlyList<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    return ([], $"no value stream files (*.yaml, *.yml) in folder '{path}'");
                }

                files.AddRange(found);
            }
            else
            {
                return ([], $"no such file or folder: '{path}'");
            }
        }

        var read = files.Distinct(StringComparer.Ordinal).Select(file =>
        {
            var source = File.ReadAllText(file);
            return new StreamFile(file, source, ValueStreamReader.Read(source));
        });
        return (read.ToList(), null);
    }

    /// <summary>
    /// Problems between files that each read well: two files with the same stream key, or two streams that claim
    /// the same demand type (demand would not know where to go).
    /// </summary>
    public static IEnumerable<string> CrossFileFindings(IReadOnlyList<StreamFile> files)
    {
        var valid = files.Where(f => f.Read.IsValid).ToList();
        foreach (var group in valid.GroupBy(f => f.Read.Definition!.Key).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var repeat in group.Skip(1))
            {
                yield return $"{repeat.DisplayPath}: key: value stream '{group.Key}' is also defined in {first.DisplayPath}; one file per stream.";
            }
        }

        var claimed = new Dictionary<string, StreamFile>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in valid.DistinctBy(f => f.Read.Definition!.Key))
        {
            foreach (var demandType in file.Read.Definition!.DemandTypes)
            {
                if (!claimed.TryAdd(demandType, file))
                {
                    yield return $"{file.DisplayPath}: demand: demand type '{demandType}' is also served by "
                        + $"'{claimed[demandType].Read.Definition!.Key}' ({claimed[demandType].DisplayPath}); a demand type is served by one stream.";
                }
            }
        }
    }
}
