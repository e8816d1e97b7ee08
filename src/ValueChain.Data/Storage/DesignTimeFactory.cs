using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ValueChain.Data.Storage;

// These let `dotnet ef migrations add` build each provider's model without a server or a database:
//   dotnet ef migrations add <Name> -p src/ValueChain.Data -c SqliteValueChainDbContext -o Migrations/Sqlite
//   dotnet ef migrations add <Name> -p src/ValueChain.Data -c PostgresValueChainDbContext -o Migrations/Postgres

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteValueChainDbContext>
{
    public SqliteValueChainDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteValueChainDbContext>();
        StorageSetup.Configure(options, new StorageSettings(StorageSettings.Sqlite, "Data Source=design-time.db", "."));
        return new SqliteValueChainDbContext(options.Options);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresValueChainDbContext>
{
    public PostgresValueChainDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresValueChainDbContext>();
        StorageSetup.Configure(options, new StorageSettings(StorageSettings.Postgres, "Host=127.0.0.1;Database=design-time", "."));
        return new PostgresValueChainDbContext(options.Options);
    }
}
