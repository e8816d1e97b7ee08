using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ValueChain.Server.Tests.Infrastructure;

/// <summary>The databases the integration suite runs on; every test class runs once per database.</summary>
public enum Database
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The PostgreSQL server the suite may use, named by <c>VALUECHAIN_TEST_POSTGRES</c> (a connection string with
/// the right to create databases; <c>bash .ci/postgres</c> starts one and prints it). Each app gets a database of
/// its own, dropped when the app is disposed.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "VALUECHAIN_TEST_POSTGRES";

    public static string? ConnectionString { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static string SkipReason =>
        $"PostgreSQL is not configured: set {Variable} to a connection string (bash .ci/postgres starts a server and prints one).";

    public static string CreateDatabase()
    {
        var name = "vc_test_" + Guid.NewGuid().ToString("N")[..16];
        using var connection = new NpgsqlConnection(Require());
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        create.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(Require()) { Database = name }.ToString();
    }

    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(Require());
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }

    private static string Require() => ConnectionString ?? throw new InvalidOperationException(SkipReason);
}

/// <summary>Marks a test class that runs against PostgreSQL; its tests are skipped, visibly, when none is configured.</summary>
public interface IRunsOnPostgres;

/// <summary>
/// A fact that runs on the database its test class names: skipped with a message when that database is
/// PostgreSQL and no server is configured, instead of failing for a reason that is not the code's.
/// </summary>
[XunitTestCaseDiscoverer("ValueChain.Server.Tests.Infrastructure.DatabaseFactDiscoverer", "ValueChain.Server.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseFactAttribute : FactAttribute;

public sealed class DatabaseFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        [new DatabaseTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
}

public sealed class DatabaseTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer only.", error: true)]
    public DatabaseTestCase()
    {
    }

    public DatabaseTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method)
        : base(sink, display, options, method)
    {
    }

    protected override string? GetSkipReason(IAttributeInfo factAttribute) =>
        PostgresServer.ConnectionString is null && typeof(IRunsOnPostgres).IsAssignableFrom(TestMethod.TestClass.Class.ToRuntimeType())
            ? PostgresServer.SkipReason
            : base.GetSkipReason(factAttribute);
}
