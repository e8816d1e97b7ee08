using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.Common;

namespace ValueChain.Server.Infrastructure;

/// <summary>Turns domain errors into RFC 9457 problem details, one mapping for every endpoint.</summary>
internal static class Problems
{
    public const string StaleRevisionCode = "stale-revision";

    public static ProblemHttpResult From(DomainError error)
    {
        var status = error switch
        {
            { Code: StaleRevisionCode } => StatusCodes.Status412PreconditionFailed,
            { Kind: ErrorKind.NotFound } => StatusCodes.Status404NotFound,
            { Kind: ErrorKind.Validation } => StatusCodes.Status422UnprocessableEntity,
            _ => StatusCodes.Status409Conflict,
        };
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Fields is not null)
        {
            // The shape of ASP.NET Core's ValidationProblemDetails: field → messages.
            extensions["errors"] = error.Fields;
        }
        else if (error.Field is { } field)
        {
            extensions["errors"] = new Dictionary<string, string[]> { [field] = [error.Message] };
        }

        return TypedResults.Problem(
            detail: error.Message,
            statusCode: status,
            title: Title(status),
            type: $"https://valuechain.dev/problems/{error.Code}",
            extensions: extensions);
    }

    /// <summary>
    /// 422 for input that breaks a rule. <paramref name="errors"/>, when given, maps each field (as the API spells
    /// it) to its messages, like ASP.NET Core's validation problems, so that a form can show each beside its field.
    /// </summary>
    public static ProblemHttpResult Invalid(
        string code, string message, IReadOnlyDictionary<string, string[]>? errors = null, IReadOnlyDictionary<string, object?>? more = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (errors is not null)
        {
            extensions["errors"] = errors;
        }

        foreach (var (key, value) in more ?? new Dictionary<string, object?>())
        {
            extensions[key] = value;
        }

        return TypedResults.Problem(
            detail: message,
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: Title(StatusCodes.Status422UnprocessableEntity),
            type: $"https://valuechain.dev/problems/{code}",
            extensions: extensions);
    }

    /// <summary>422 for one field: the message both as the detail and under that field.</summary>
    public static ProblemHttpResult InvalidField(string code, string field, string message) =>
        Invalid(code, message, new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string code, string message) => From(DomainError.NotFound(code, message));

    public static ProblemHttpResult Forbidden(string code, string message) => TypedResults.Problem(
        detail: message,
        statusCode: StatusCodes.Status403Forbidden,
        title: "Not allowed",
        type: $"https://valuechain.dev/problems/{code}",
        extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult Unauthorized(string code, string message) => TypedResults.Problem(
        detail: message,
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Not signed in",
        type: $"https://valuechain.dev/problems/{code}",
        extensions: new Dictionary<string, object?> { ["code"] = code });

    private static string Title(int status) => status switch
    {
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status412PreconditionFailed => "Precondition failed",
        _ => "The request is not valid",
    };
}
