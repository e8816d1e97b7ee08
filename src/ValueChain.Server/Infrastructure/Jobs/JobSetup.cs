using ValueChain.Data.Jobs;
using ValueChain.Server.Features.Webhooks;

namespace ValueChain.Server.Infrastructure.Jobs;

internal static class JobSetup
{
    /// <summary>The job queue's settings, its handlers and the worker that runs them on this node.</summary>
    public static IServiceCollection AddValueChainJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(JobSettings.From(configuration));
        services.AddSingleton(WebhookSettings.From(configuration));
        services.AddHttpClient(WebhookDeliveryHandler.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddScoped<IJobHandler, WebhookDeliveryHandler>();
        services.AddSingleton<JobRunner>();
        services.AddHostedService<JobWorker>();
        return services;
    }
}
