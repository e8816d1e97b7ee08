using System.Text.Json;
using System.Text.Json.Serialization;

namespace ValueChain.Server.Infrastructure;

internal static class JsonSetup
{
    /// <summary>Enums travel as kebab-case words ("in-progress", "value-realized"), the same words the docs use.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }

    /// <summary>Options like the API's, for JSON the server writes outside a response (e.g. webhook bodies).</summary>
    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}
