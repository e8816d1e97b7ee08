using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ValueChain.Data.Storage;

/// <summary>
/// A compiled query for each model it runs against. EF Core binds a compiled query to the model it first ran with
/// and refuses any other, and SQLite and PostgreSQL each have their own model (one process may hold both, as the
/// tests do), so each model gets its own compilation of the same query.
/// </summary>
internal sealed class CompiledPerModel<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _queries = new();

    public TQuery For(DbContext db) => _queries.GetValue(db.Model, _ => compile());
}
