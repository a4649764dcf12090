using System.Data.Common;
using System.Globalization;
using Loom.Metadata.Sql;
using Loom.Sdk;
using Npgsql;

namespace Loom.Metadata.Postgres;

/// <summary>
/// The metadata store on a PostgreSQL server, for workspaces that several machines (or many processes) share:
/// pooled connections for reads; each write is one transaction that first takes a transaction-scoped advisory
/// lock, so writers — in any process, on any machine — take turns as they do on SQLite, and a crashed writer's
/// lock ends with its connection.
/// </summary>
public sealed class PostgresMetadataStore : SqlMetadataStore
{
    // The advisory lock key every Loom writer takes ("Loom" in ASCII).
    private const long WriterLock = 0x4C6F6F6D;

    private readonly NpgsqlDataSource source;

    private PostgresMetadataStore(NpgsqlDataSource source, string where)
    {
        this.source = source;
        Where = where;
    }

    /// <summary>The server and database, without credentials, for messages.</summary>
    public string Where { get; }

    /// <summary>The schema version this code writes.</summary>
    public static int SchemaVersion => PostgresMigrations.All.Length;

    /// <summary>Connects to the database and applies pending migrations.</summary>
    /// <param name="database">A <c>postgres://user:password@host:port/database</c> URL or an Npgsql connection string.</param>
    /// <param name="cancellationToken">Stops waiting for the server.</param>
    /// <exception cref="LoomException">The address is malformed, the server cannot be reached, or its schema is newer than this Loom.</exception>
    public static async Task<PostgresMetadataStore> OpenAsync(string database, CancellationToken cancellationToken = default)
    {
        var builder = PostgresAddress.Parse(database);
        var where = $"{builder.Host}:{builder.Port}/{builder.Database}";
        var store = new PostgresMetadataStore(NpgsqlDataSource.Create(builder), where);
        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or LoomException)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new LoomException($"postgres {where}: cannot open the metadata database: {e.Message}", e);
        }

        return store;
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => source.DisposeAsync();

    private protected override async Task<Lease> LeaseAsync(CancellationToken cancellationToken)
    {
        var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new Lease(connection, connection.DisposeAsync);
    }

    private protected override async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(connection, $"SELECT pg_advisory_xact_lock({WriterLock})", cancellationToken).ConfigureAwait(false);
        var result = await work(connection).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private Task MigrateAsync(CancellationToken cancellationToken) =>
        WriteAsync(
            async connection =>
            {
                await ExecAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", cancellationToken).ConfigureAwait(false);
                await using var read = Command(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
                var current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                if (current > SchemaVersion)
                {
                    throw new LoomException($"the metadata database has schema version {current}, newer than this Loom understands ({SchemaVersion}); upgrade Loom");
                }

                for (var version = current + 1; version <= SchemaVersion; version++)
                {
                    await ExecAsync(connection, PostgresMigrations.All[version - 1], cancellationToken).ConfigureAwait(false);
                    await ExecAsync(connection, $"INSERT INTO schema_version (version) VALUES ({version})", cancellationToken).ConfigureAwait(false);
                }
            },
            cancellationToken);
}
