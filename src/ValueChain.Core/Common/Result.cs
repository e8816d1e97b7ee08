namespace ValueChain.Common;

/// <summary>What kind of failure a <see cref="DomainError"/> is; hosts map it to a status code or exit code.</summary>
public enum ErrorKind
{
    /// <summary>The input is malformed or breaks a rule of the model.</summary>
    Validation,
    /// <summary>A referenced record does not exist.</summary>
    NotFound,
    /// <summary>The transition is not allowed in the record's current state.</summary>
    InvalidTransition,
    /// <summary>Someone else changed the record first.</summary>
    Conflict,
}

/// <summary>
/// A failure the caller can act on: a stable machine-readable code and a sentence for people; a validation error
/// may name the input field it is about (as the API spells it), so that a form can show it beside that field.
/// </summary>
public sealed record DomainError(ErrorKind Kind, string Code, string Message, string? Field = null)
{
    /// <summary>
    /// For a validation error about the fields of one input: each field that is wrong and what is wrong with it,
    /// so that the caller can correct all of them at once. Null for errors that are not about fields.
    /// </summary>
    public IReadOnlyDictionary<string, string[]>? Fields { get; init; }

    public static DomainError Validation(string code, string message, string? field = null) => new(ErrorKind.Validation, code, message, field);
    public static DomainError NotFound(string code, string message) => new(ErrorKind.NotFound, code, message);
    public static DomainError InvalidTransition(string code, string message) => new(ErrorKind.InvalidTransition, code, message);
    public static DomainError Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);
}

/// <summary>Either a value or a <see cref="DomainError"/>: the one way the domain reports a refused operation.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, DomainError? error)
    {
        _value = value;
        Error = error;
    }

    public DomainError? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"No value: {Error!.Message}");

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(DomainError error) => new(default, error);

    public Result<TOut> Then<TOut>(Func<T, Result<TOut>> next) => IsSuccess ? next(_value!) : Error!;
}
