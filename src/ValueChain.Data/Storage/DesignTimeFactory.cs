using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ValueChain.Data.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the server.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ValueChainDbContext>
{
    public ValueChainDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ValueChainDbContext>();
        StorageSetup.Configure(options, new StorageSettings("sqlite", "Data Source=design-time.db", "."));
        return new ValueChainDbContext(options.Options);
    }
}
