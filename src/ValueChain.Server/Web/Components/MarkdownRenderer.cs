using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Components;

namespace ValueChain.Server.Web.Components;

/// <summary>
/// Renders user text (descriptions, comments, outcomes) as Markdown. Raw HTML in the text is shown as text, and
/// the result passes a sanitizer that keeps only harmless elements and http(s)/mailto links.
/// </summary>
internal sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseTaskLists()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public MarkupString Render(string? text) =>
        string.IsNullOrWhiteSpace(text) ? new MarkupString("") : new MarkupString(_sanitizer.Sanitize(Markdig.Markdown.ToHtml(text, _pipeline)));

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link)
            {
                link.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
        return sanitizer;
    }
}
