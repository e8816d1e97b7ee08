namespace ValueChain.Core.Tests.ValueStreams;

/// <summary>Finds folders of the checkout the tests run from, so tests read the files that ship.</summary>
internal static class RepositoryFolder
{
    public static string Root { get; } = FindRoot();

    public static string ValueStreams => Path.Combine(Root, "valuestreams");

    /// <summary>The real event logs kept beside the repository, in <c>../shared/data</c>.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ValueChain.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds ValueChain.slnx.");
    }
}
