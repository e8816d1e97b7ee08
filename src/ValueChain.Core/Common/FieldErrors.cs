namespace ValueChain.Common;

/// <summary>
/// Problems with the fields of one input, collected across every check (the model's rules and those that need
/// storage) so that a refusal names all of them instead of the first one found.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    /// <summary>Takes over the field errors of <paramref name="error"/>; an error without fields is filed under its code.</summary>
    public FieldErrors Add(DomainError? error)
    {
        if (error?.Fields is { } fields)
        {
            foreach (var (field, messages) in fields)
            {
                foreach (var message in messages)
                {
                    Add(field, message);
                }
            }
        }
        else if (error is not null)
        {
            Add(error.Code, error.Message);
        }

        return this;
    }

    /// <summary>A validation error that carries every field error; its message repeats them for people reading logs.</summary>
    public DomainError ToError(string code, string summary) =>
        DomainError.Validation(code, $"{summary} {string.Join(" ", _errors.SelectMany(e => e.Value))}") with
        {
            Fields = _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal),
        };
}
