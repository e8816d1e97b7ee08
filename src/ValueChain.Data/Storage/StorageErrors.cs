using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ValueChain.Data.Storage;

/// <summary>Recognizes database failures that mean "someone else got there first", on every provider.</summary>
public static class StorageErrors
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraint = 19;
    private const string PostgresSerializationFailure = "40001";
    private const string PostgresDeadlock = "40P01";
    private const string PostgresUniqueViolation = "23505";
    private const string PostgresForeignKeyViolation = "23503";

    public static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint
            && sqlite.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase),
        PostgresException postgres => postgres.SqlState == PostgresUniqueViolation,
        _ => false,
    };

    /// <summary>Another writer held the database (SQLite) or the rows (PostgreSQL): retrying later will do.</summary>
    public static bool IsBusy(Exception ex) => (ex as SqliteException ?? ex.InnerException as SqliteException) is { } sqlite
        ? sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked
        : (ex as PostgresException ?? ex.InnerException as PostgresException) is { SqlState: PostgresSerializationFailure or PostgresDeadlock };

    /// <summary>A row refers to one that was removed meanwhile, or is removed while something still refers to it.</summary>
    public static bool IsForeignKeyViolation(DbUpdateException ex) => ex.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint
            && sqlite.Message.Contains("FOREIGN KEY", StringComparison.OrdinalIgnoreCase),
        PostgresException postgres => postgres.SqlState == PostgresForeignKeyViolation,
        _ => false,
    };
}
