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
}
