using Microsoft.Data.Sqlite;

namespace Loom.Metadata.Sqlite;

/// <summary>Exclusive use of the store's connection until disposed.</summary>
internal readonly struct Lease(SqliteConnection connection, SemaphoreSlim gate) : IAsyncDisposable
{
    public SqliteConnection Connection => connection;

    public ValueTask DisposeAsync()
    {
        gate.Release();
        return ValueTask.CompletedTask;
    }
}
