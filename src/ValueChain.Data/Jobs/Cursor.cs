namespace ValueChain.Data.Jobs;

/// <summary>A named position in the event log that background work has read up to, shared by all nodes.</summary>
public sealed class Cursor
{
    public Cursor(string name, long position)
    {
        Name = name;
        Position = position;
    }

    public string Name { get; private set; }

    public long Position { get; private set; }
}
