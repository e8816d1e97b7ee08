using ValueChain.Data.Integrations;
using ValueChain.Data.Jobs;

namespace ValueChain.Server.Infrastructure.Jobs;

/// <summary>Runs one kind of job. Throwing (or returning an error) fails the attempt; the queue retries it.</summary>
internal interface IJobHandler
{
    string Kind { get; }

    /// <summary>Null when the job is done, or what went wrong.</summary>
    Task<string?> RunAsync(Job job, CancellationToken cancellationToken);
}

/// <summary>
/// One round of background work on this node: queue what new events owe to webhooks, then claim a batch of due
/// jobs and run each with its handler, finishing it only while this node still holds its lease.
/// </summary>
internal sealed partial class JobRunner(IServiceScopeFactory scopes, TimeProvider clock, JobSettings settings, ILogger<JobRunner> logger)
{
    private DateTimeOffset _lastWatch = DateTimeOffset.MinValue;

    /// <summary>Returns how much it did (jobs queued, escalations carried out, jobs run), so an idle node can rest.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        int queued;
        IReadOnlyList<Job> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            queued = await scope.ServiceProvider.GetRequiredService<WebhookFanOut>().RunAsync(cancellationToken);
            // Service level clocks move with time, not with events: look at them every so often, not every round. The
            // interval counts from the end of a look, so that a look longer than the interval (many open items) still
            // leaves the node time for requests between two looks. A look that fails is not retried before the interval.
            var now = clock.GetUtcNow();
            if (now - _lastWatch >= settings.ServiceLevelInterval)
            {
                _lastWatch = now;
                queued += await scope.ServiceProvider.GetRequiredService<ValueChain.Data.Engage.ServiceLevelWatch>().RunAsync(cancellationToken);
                _lastWatch = clock.GetUtcNow();
            }

            claimed = await scope.ServiceProvider.GetRequiredService<JobQueue>().ClaimAsync(cancellationToken);
        }

        foreach (var job in claimed)
        {
            await RunAsync(job, cancellationToken);
        }

        return queued + claimed.Count;
    }

    private async Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().FirstOrDefault(h => h.Kind == job.Kind);
        string? error;
        try
        {
            error = handler is null ? $"No handler for jobs of kind '{job.Kind}'." : await handler.RunAsync(job, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogJobFailed(logger, ex, job.Id, job.Kind, job.Attempts);
            error = ex.Message;
        }

        var finished = error is null ? await queue.CompleteAsync(job, cancellationToken) : await queue.FailAsync(job, error, cancellationToken);
        if (!finished)
        {
            LogLeaseLost(logger, job.Id, job.Kind);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}) failed on attempt {Attempt}")]
    private static partial void LogJobFailed(ILogger logger, Exception exception, long jobId, string kind, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}) outlived its lease; another node has taken it over")]
    private static partial void LogLeaseLost(ILogger logger, long jobId, string kind);
}

/// <summary>Keeps this node claiming and running jobs while it is up, resting between empty rounds.</summary>
internal sealed partial class JobWorker(JobRunner runner, JobSettings settings, ILogger<JobWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            return;
        }

        LogStarted(logger, settings.NodeId);
        while (!stoppingToken.IsCancellationRequested)
        {
            var done = 0;
            try
            {
                done = await runner.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be restarting; the next round tries again.
                LogRoundFailed(logger, ex);
            }

            if (done == 0)
            {
                // Resting is the node's own pace, not domain time, so it uses the real clock.
                try
                {
                    await Task.Delay(settings.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Background jobs run on this node as {NodeId}")]
    private static partial void LogStarted(ILogger logger, string nodeId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of background jobs failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
