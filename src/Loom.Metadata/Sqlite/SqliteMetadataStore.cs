using System.Data.Common;
using Loom.Metadata.Sql;
using Loom.Sdk;
using Microsoft.Data.Sqlite;

namespace Loom.Metadata.Sqlite;

/// <summary>
/// The embedded metadata store: one SQLite file in WAL mode, safe for several processes of one
/// workspace at once (writers wait on a busy timeout rather than fail).
/// </summary>
public sealed class SqliteMetadataStore : SqlMetadataStore
{
    private readonly string connectionString;
    private readonly SemaphoreSlim gate = new(1, 1);
    private SqliteConnection? connection;

    private SqliteMetadataStore(string path)
    {
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The schema version this code writes.</summary>
    public static int SchemaVersion => SqliteMigrations.All.Length;

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/> and applies pending migrations.</summary>
    /// <exception cref="LoomException">The file is not a Loom database, or was written by a newer Loom.</exception>
    public static async Task<SqliteMetadataStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var store = new SqliteMetadataStore(path);
        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw new LoomException($"{path}: cannot open the metadata database: {e.Message}", e);
        }

        return store;
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                connection = null;
            }

            SqliteConnection.ClearAllPools();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Lends the store's one connection. SQLite has one writer per database anyway, so one connection
    /// per process, set up once, costs nothing in concurrency and saves opening one per call.
    /// </summary>
    private protected override async Task<Lease> LeaseAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (connection is null)
            {
                var opened = new SqliteConnection(connectionString);
                await opened.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var pragma = opened.CreateCommand();
                pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                connection = opened;
            }

            return new Lease(connection, () =>
            {
                gate.Release();
                return ValueTask.CompletedTask;
            });
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var lease = await LeaseAsync(cancellationToken).ConfigureAwait(false);
        var connection = (SqliteConnection)lease.Connection;
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var transaction = connection.BeginTransaction(deferred: false);
        await ExecAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", cancellationToken).ConfigureAwait(false);
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        var current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (current > SchemaVersion)
        {
            throw new LoomException($"the metadata database has schema version {current}, newer than this Loom understands ({SchemaVersion}); upgrade Loom");
        }

        for (var version = current + 1; version <= SchemaVersion; version++)
        {
            await ExecAsync(connection, SqliteMigrations.All[version - 1], cancellationToken).ConfigureAwait(false);
            await ExecAsync(connection, $"INSERT INTO schema_version (version) VALUES ({version})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var lease = await LeaseAsync(cancellationToken).ConfigureAwait(false);
        var connection = (SqliteConnection)lease.Connection;

        // BEGIN IMMEDIATE: the database's one write lock, taken up front, so the transaction never has to upgrade.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var result = await work(connection).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }
}
