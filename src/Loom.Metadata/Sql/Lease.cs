using System.Data.Common;

namespace Loom.Metadata.Sql;

/// <summary>Use of a connection of the store until disposed (which gives it back).</summary>
internal readonly struct Lease(DbConnection connection, Func<ValueTask> giveBack) : IAsyncDisposable
{
    public DbConnection Connection => connection;

    public ValueTask DisposeAsync() => giveBack();
}
