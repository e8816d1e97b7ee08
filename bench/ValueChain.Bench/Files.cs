namespace ValueChain.Bench;

internal static class Files
{
    /// <summary>A path relative to the current folder or one of its parents (the repository, when run from inside it).</summary>
    public static string? Find(string relative)
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.GetFullPath(Path.Combine(folder.FullName, relative));
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
