using Microsoft.EntityFrameworkCore;
using ValueChain.Common;

namespace ValueChain.Data.Storage;

/// <summary>
/// How edits to reference records (services, teams, stakeholders) are saved: the caller's revision is checked
/// first, and a write that loses a race is reported as a conflict with the tracked changes dropped, so that a
/// refused request leaves nothing behind.
/// </summary>
internal static class Edits
{
    public const int MaxLimit = 500;

    /// <summary>The If-Match check: the caller saw an older revision than the one stored.</summary>
    public static DomainError? CheckRevision(string what, int? expected, int current) =>
        expected is { } seen && seen != current
            ? DomainError.Conflict("stale-revision", $"{what} is at revision {current}, not {seen}; read it again before changing it.")
            : null;

    /// <summary>Saves, or answers why not: someone else changed, added or removed the same thing meanwhile.</summary>
    public static async Task<DomainError?> SaveAsync(ValueChainDbContext db, string what, string existsCode, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return DomainError.Conflict("concurrent-change", $"{what} was changed by someone else at the same time; read it again and retry.");
        }
        catch (DbUpdateException ex) when (StorageErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return DomainError.Conflict(existsCode, $"{what} already exists.");
        }
        catch (DbUpdateException ex) when (StorageErrors.IsForeignKeyViolation(ex))
        {
            db.ChangeTracker.Clear();
            return DomainError.Conflict("concurrent-change",
                $"{what} refers to, or is referred to by, a record that changed at the same time; read it again and retry.");
        }
    }

    /// <summary>Clamps paging the way every list does; the API refuses out-of-range values before they get here.</summary>
    public static (int Offset, int Limit) Paging(int offset, int limit) => (Math.Max(0, offset), Math.Clamp(limit, 1, MaxLimit));

    /// <summary>The search term as stored keys are written: trimmed and lowercase; null when there is none.</summary>
    public static string? Term(string? search) => string.IsNullOrWhiteSpace(search) ? null : search.Trim().ToLowerInvariant();
}
