using Microsoft.AspNetCore.Diagnostics;

namespace ValueChain.Server.Infrastructure;

/// <summary>
/// A body that is not JSON, or a parameter of the wrong type, is the caller's mistake: answer 400 with what was
/// wrong instead of a server error.
/// </summary>
internal sealed class BadRequestHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        var detail = badRequest.InnerException is System.Text.Json.JsonException json
            ? $"The request body is not valid JSON: {json.Message}"
            : badRequest.Message;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = "The request could not be read",
                Detail = detail,
                Type = "https://valuechain.dev/problems/bad-request",
                Extensions = { ["code"] = "bad-request" },
            },
        });
    }
}
