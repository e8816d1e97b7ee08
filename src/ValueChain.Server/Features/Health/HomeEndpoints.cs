using System.Net;
using System.Text;
using ValueChain.Data.Flow;
using ValueChain.ServiceValueSystem;

namespace ValueChain.Server.Features.Health;

/// <summary>A plain start page: the value chain at a glance and where the API lives, until the full web UI arrives.</summary>
internal static class HomeEndpoints
{
    public static RouteHandlerBuilder MapHomeEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/", async (InboxQueries inboxes, CancellationToken ct) =>
            {
                var html = new StringBuilder();
                html.Append("""
                    <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
                    <title>ValueChain</title>
                    <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
                    li{margin:.4rem 0}code{background:#f1f3f5;padding:.1rem .3rem;border-radius:3px}</style></head><body>
                    <h1>ValueChain</h1><p>Demand flows through value streams made of the six value chain activities and ends in value.</p>
                    <h2>The value chain</h2><ul>
                    """);
                foreach (var activity in ValueChainActivities.All)
                {
                    var inbox = await inboxes.ForActivityAsync(activity.Activity, 500, ct);
                    html.Append(System.Globalization.CultureInfo.InvariantCulture,
                        $"<li><a href=\"/api/v1/activities/{activity.Key}/inbox\">{WebUtility.HtmlEncode(activity.Name)}</a>: " +
                        $"{inbox.Work.Count} work item(s) at its steps, {inbox.Artifacts.Count} artifact(s) received. " +
                        $"<small>{WebUtility.HtmlEncode(activity.Purpose)}</small></li>");
                }

                html.Append("""
                    </ul><h2>API</h2><ul>
                    <li><a href="/api/v1/value-streams">Value streams</a></li>
                    <li><a href="/api/v1/work-items">Work items</a></li>
                    <li><a href="/api/v1/events">Event log</a></li>
                    <li><a href="/api/v1/flow-map">Information-flow map</a></li>
                    <li><a href="/api/v1/reference">Reference model</a></li>
                    <li><a href="/health">Health</a></li>
                    </ul></body></html>
                    """);
                return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
            })
            .WithName("Home")
            .ExcludeFromDescription();
}
