using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace ValueChain.Server.Infrastructure;

internal static class Requests
{
    /// <summary>Who is acting: the signed-in account, whether by cookie or by token.</summary>
    public static string Actor(this HttpContext context) =>
        context.User.Identity?.Name ?? throw new InvalidOperationException("A change was attempted without a signed-in account.");

    /// <summary>The revision named by an If-Match header (<c>"7"</c> or <c>W/"7"</c>), if any.</summary>
    public static bool TryGetIfMatch(this HttpContext context, out int? revision, out string? error)
    {
        revision = null;
        error = null;
        var header = context.Request.Headers[HeaderNames.IfMatch].ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return true;
        }

        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        if (int.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            revision = parsed;
            return true;
        }

        error = $"If-Match '{header}' is not an ETag this server issued; use the ETag of the last GET.";
        return false;
    }

    public static string ETag(int revision) => string.Create(CultureInfo.InvariantCulture, $"\"{revision}\"");
}
