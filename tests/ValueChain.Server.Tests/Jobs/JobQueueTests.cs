using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ValueChain.Data.Jobs;
using ValueChain.Data.Storage;
using ValueChain.Server.Tests.Infrastructure;

namespace ValueChain.Server.Tests.Jobs;

/// <summary>The job queue on a real database: claims never overlap, leases expire, and only the holder finishes.</summary>
public abstract class JobQueueTests(Database database) : IDisposable
{
    private static readonly JobSettings Settings = new() { LeaseDuration = TimeSpan.FromMinutes(1), BatchSize = 5, MaxAttempts = 3, RetryBackoff = TimeSpan.FromSeconds(10) };

    private readonly ValueChainApp _app = new(database);
    private readonly List<IServiceScope> _scopes = [];

    public void Dispose()
    {
        _scopes.ForEach(s => s.Dispose());
        _app.Dispose();
    }

    [DatabaseFact]
    public async Task Nodes_claiming_at_once_never_get_the_same_job_and_together_get_all()
    {
        await EnqueueAsync(40);
        var nodes = Enumerable.Range(1, 4).Select(n => Queue($"node-{n}")).ToList();

        var rounds = await Task.WhenAll(nodes.Select(async queue =>
        {
            var mine = new List<long>();
            while (await ClaimWithRetryAsync(queue) is { Count: > 0 } claimed)
            {
                mine.AddRange(claimed.Select(j => j.Id));
            }

            return mine;
        }));

        var all = rounds.SelectMany(r => r).ToList();
        all.Count.ShouldBe(40);
        all.Distinct().Count().ShouldBe(40);
        (await StatesAsync()).ShouldAllBe(s => s == JobState.Running);
    }

    [DatabaseFact]
    public async Task A_live_lease_is_not_claimed_again_and_an_expired_one_is()
    {
        await EnqueueAsync(1);
        var crashed = Queue("crashed");
        var survivor = Queue("survivor");
        var job = (await crashed.ClaimAsync()).Single();

        _app.Clock.Advance(TimeSpan.FromSeconds(59));
        (await survivor.ClaimAsync()).ShouldBeEmpty();
        _app.Clock.Advance(TimeSpan.FromSeconds(2));
        var taken = (await survivor.ClaimAsync()).Single();

        taken.Id.ShouldBe(job.Id);
        taken.LeaseOwner.ShouldBe("survivor");
        taken.Attempts.ShouldBe(2);
        (await crashed.CompleteAsync(job)).ShouldBeFalse();
        (await survivor.CompleteAsync(taken)).ShouldBeTrue();
        (await StatesAsync()).ShouldBe([JobState.Done]);
    }

    [DatabaseFact]
    public async Task A_failed_job_waits_a_doubling_backoff_and_dies_after_the_last_attempt()
    {
        await EnqueueAsync(1);
        var queue = Queue("only");

        (await queue.FailAsync((await queue.ClaimAsync()).Single(), "receiver down")).ShouldBeTrue();
        _app.Clock.Advance(TimeSpan.FromSeconds(9));
        (await queue.ClaimAsync()).ShouldBeEmpty();
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        (await queue.FailAsync((await queue.ClaimAsync()).Single(), "still down")).ShouldBeTrue();
        _app.Clock.Advance(TimeSpan.FromSeconds(19));
        (await queue.ClaimAsync()).ShouldBeEmpty();
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        var last = (await queue.ClaimAsync()).Single();
        last.Attempts.ShouldBe(3);
        (await queue.FailAsync(last, "gone for good")).ShouldBeTrue();

        _app.Clock.Advance(TimeSpan.FromDays(1));
        (await queue.ClaimAsync()).ShouldBeEmpty();
        await using var scope = _app.Services.CreateAsyncScope();
        var dead = await scope.ServiceProvider.GetRequiredService<ValueChainDbContext>().Jobs.SingleAsync();
        (dead.State, dead.LastError, dead.FinishedAt).ShouldBe((JobState.Dead, "gone for good", _app.Clock.GetUtcNow() - TimeSpan.FromDays(1)));
    }

    private JobQueue Queue(string node)
    {
        var scope = _app.Services.CreateScope();
        _scopes.Add(scope);
        return new JobQueue(scope.ServiceProvider.GetRequiredService<ValueChainDbContext>(), _app.Clock, Settings with { NodeId = node });
    }

    /// <summary>SQLite lets one writer in at a time; a claimer that finds the database busy tries again, as the worker would.</summary>
    private static async Task<IReadOnlyList<Job>> ClaimWithRetryAsync(JobQueue queue)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await queue.ClaimAsync();
            }
            catch (Exception ex) when (StorageErrors.IsBusy(ex) && attempt < 20)
            {
                await Task.Delay(20);
            }
        }
    }

    private async Task EnqueueAsync(int count)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        for (var i = 0; i < count; i++)
        {
            queue.Enqueue("test", new { n = i });
        }

        await scope.ServiceProvider.GetRequiredService<ValueChainDbContext>().SaveChangesAsync();
    }

    private async Task<List<JobState>> StatesAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ValueChainDbContext>().Jobs.OrderBy(j => j.Id).Select(j => j.State).ToListAsync();
    }
}

public sealed class JobQueueOnSqlite() : JobQueueTests(Database.Sqlite);

public sealed class JobQueueOnPostgres() : JobQueueTests(Database.Postgres), IRunsOnPostgres;
