using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ValueChain.Data.Storage;

namespace ValueChain.Data.Jobs;

/// <summary>
/// The database-backed job queue. Claiming is decided by the database, never by a lock in one process: on
/// PostgreSQL with <c>FOR UPDATE SKIP LOCKED</c>, so nodes claim different jobs without waiting on each other; on
/// SQLite, which has one writer at a time, with one conditional update that re-checks each job as it claims it.
/// </summary>
public sealed class JobQueue(ValueChainDbContext db, TimeProvider clock, JobSettings settings)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public JobSettings Settings => settings;

    /// <summary>Adds a job to the context; it is queued when the caller saves, in the caller's transaction.</summary>
    public Job Enqueue(string kind, object payload, DateTimeOffset? runAfter = null)
    {
        var job = new Job(kind, JsonSerializer.Serialize(payload, Json), clock.GetUtcNow(), runAfter);
        db.Jobs.Add(job);
        return job;
    }

    public static T Read<T>(Job job) =>
        JsonSerializer.Deserialize<T>(job.Payload, Json) ?? throw new InvalidOperationException($"Job {job.Id} has no payload.");

    /// <summary>Claims up to a batch of jobs that are due, or whose lease has expired, for this node.</summary>
    public async Task<IReadOnlyList<Job>> ClaimAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var until = now + settings.LeaseDuration;
        var token = Guid.NewGuid().ToString("N");
        var node = settings.NodeId;
        var batch = settings.BatchSize;
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync(
                $"""
                UPDATE "Jobs" SET "State" = 'Running', "LeaseOwner" = {node}, "LeaseToken" = {token}, "LeaseUntil" = {until},
                                  "Attempts" = "Attempts" + 1
                WHERE "Id" IN (
                    SELECT "Id" FROM "Jobs"
                    WHERE ("State" = 'Queued' AND "RunAfter" <= {now}) OR ("State" = 'Running' AND "LeaseUntil" < {now})
                    ORDER BY "Id"
                    LIMIT {batch}
                    FOR UPDATE SKIP LOCKED)
                """,
                cancellationToken);
        }
        else
        {
            var candidates = await db.Jobs.AsNoTracking().Where(Claimable(now)).OrderBy(j => j.Id).Select(j => j.Id).Take(batch).ToListAsync(cancellationToken);
            if (candidates.Count == 0)
            {
                return [];
            }

            // The condition is checked again as each row is written, so a job another claimer took in between is skipped.
            await db.Jobs.Where(j => candidates.Contains(j.Id)).Where(Claimable(now)).ExecuteUpdateAsync(
                set => set.SetProperty(j => j.State, JobState.Running)
                    .SetProperty(j => j.LeaseOwner, node)
                    .SetProperty(j => j.LeaseToken, token)
                    .SetProperty(j => j.LeaseUntil, until)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1),
                cancellationToken);
        }

        return await db.Jobs.AsNoTracking().Where(j => j.LeaseToken == token).OrderBy(j => j.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Marks a claimed job done; false when this node's lease was lost to another node meanwhile.</summary>
    public async Task<bool> CompleteAsync(Job job, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return await Held(job).ExecuteUpdateAsync(
            set => set.SetProperty(j => j.State, JobState.Done).SetProperty(j => j.FinishedAt, now).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null),
            cancellationToken) == 1;
    }

    /// <summary>
    /// Records a failed attempt: the job is queued again after a backoff that doubles with each attempt, or given up
    /// as dead after the last one. False when this node's lease was lost meanwhile.
    /// </summary>
    public async Task<bool> FailAsync(Job job, string error, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var message = error.Length > 2000 ? error[..2000] : error;
        if (job.Attempts >= settings.MaxAttempts)
        {
            return await Held(job).ExecuteUpdateAsync(
                set => set.SetProperty(j => j.State, JobState.Dead).SetProperty(j => j.FinishedAt, now)
                    .SetProperty(j => j.LastError, message).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null),
                cancellationToken) == 1;
        }

        var runAfter = now + settings.RetryBackoff * Math.Pow(2, Math.Max(0, job.Attempts - 1));
        return await Held(job).ExecuteUpdateAsync(
            set => set.SetProperty(j => j.State, JobState.Queued).SetProperty(j => j.RunAfter, runAfter)
                .SetProperty(j => j.LastError, message).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null),
            cancellationToken) == 1;
    }

    private IQueryable<Job> Held(Job job) =>
        db.Jobs.Where(j => j.Id == job.Id && j.State == JobState.Running && j.LeaseToken == job.LeaseToken);

    private static Expression<Func<Job, bool>> Claimable(DateTimeOffset now) =>
        j => (j.State == JobState.Queued && j.RunAfter <= now) || (j.State == JobState.Running && j.LeaseUntil < now);
}
