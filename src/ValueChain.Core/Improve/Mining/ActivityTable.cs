namespace ValueChain.Improve.Mining;

/// <summary>
/// Gives every activity name a small integer, in order of first appearance, so that counting and comparing
/// sequences works on integers instead of strings.
/// </summary>
public sealed class ActivityTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    public int Count => _names.Count;

    public int Intern(string activity)
    {
        if (!_ids.TryGetValue(activity, out var id))
        {
            id = _names.Count;
            _ids.Add(activity, id);
            _names.Add(activity);
        }

        return id;
    }

    public bool TryGetId(string activity, out int id) => _ids.TryGetValue(activity, out id);

    public string Name(int id) => _names[id];
}
