using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ValueChain.Server.Tests.Infrastructure;

/// <summary>One request a receiver got: its headers of interest and its raw body.</summary>
public sealed record ReceivedWebhook(string Event, string Delivery, string Timestamp, string Signature, byte[] Body);

/// <summary>
/// A real HTTP endpoint on 127.0.0.1 that records webhook deliveries and answers with the status codes a test
/// queues (200 when none are queued).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public ConcurrentQueue<int> Answers { get; } = new();

    /// <summary>How long each answer takes, to make deliveries slow enough that several nodes share them.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            receiver.Received.Enqueue(new ReceivedWebhook(
                http.Request.Headers["X-ValueChain-Event"].ToString(),
                http.Request.Headers["X-ValueChain-Delivery"].ToString(),
                http.Request.Headers["X-ValueChain-Timestamp"].ToString(),
                http.Request.Headers["X-ValueChain-Signature"].ToString(),
                body.ToArray()));
            if (receiver.Latency > TimeSpan.Zero)
            {
                await Task.Delay(receiver.Latency);
            }

            return Results.StatusCode(receiver.Answers.TryDequeue(out var status) ? status : 200);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
