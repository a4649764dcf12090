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

    private PostgresMetadataStore(NpgsqlDataSource source, string where, string connectionString)
    {
        this.source = source;
        ConnectionString = connectionString;
        Where = where;
    }

    /// <summary>The server and database, without credentials, for messages.</summary>
    public string Where { get; }

    /// <summary>The connection string, credentials included, for what else keeps its tables in this database (a cluster's membership table).</summary>
    public string ConnectionString { get; }

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
        var store = new PostgresMetadataStore(NpgsqlDataSource.Create(builder), where, builder.ConnectionString);
        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            store.opened = true;
        }
        catch (Exception e) when (e is NpgsqlException or LoomException)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new LoomException($"postgres {where}: cannot open the metadata database: {e.Message}", e);
        }

        return store;
    }

    /// <summary>How long the server may be away before its errors are reported.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

    /// <summary>Whether the store was opened: a server that cannot be reached at first is reported at once, not waited for.</summary>
    private volatile bool opened;

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => source.DisposeAsync();

    private protected override async Task<Lease> LeaseAsync(CancellationToken cancellationToken)
    {
        var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new Lease(connection, connection.DisposeAsync);
    }

    private protected override Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        var committing = false;
        return RetryAsync(
            async () =>
            {
                await using var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await ExecAsync(connection, $"SELECT pg_advisory_xact_lock({WriterLock})", cancellationToken).ConfigureAwait(false);
                var result = await work(connection).ConfigureAwait(false);
                committing = true;
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            },
            () => !committing,
            cancellationToken);
    }

    private protected override Task<T> ReadAsync<T>(Func<Lease, Task<T>> read, CancellationToken cancellationToken) =>
        RetryAsync(() => base.ReadAsync(read, cancellationToken), () => true, cancellationToken);

    /// <summary>
    /// Runs the work again while the server is away (restarting, or the connection broke), for up to
    /// <see cref="Outage"/>: a run going on does not fail because PostgreSQL restarted. A transaction that broke
    /// while committing is not run again, since it may have been committed.
    /// </summary>
    private async Task<T> RetryAsync<T>(Func<Task<T>> work, Func<bool> safeToRepeat, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var wait = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await work().ConfigureAwait(false);
            }
            catch (Exception e) when (opened && Transient(e) && safeToRepeat() && clock.Elapsed < Outage && !cancellationToken.IsCancellationRequested)
            {
                // Connections pooled before a restart are all broken: drop them rather than find out one by one.
                source.Clear();
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    private static bool Transient(Exception e) => e switch
    {
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is "57P01" or "57P02" or "57P03" or "53300",
        // A query that ran out of time is not the server going away: repeating it would only double the wait.
        NpgsqlException { InnerException: TimeoutException } => false,
        NpgsqlException n => n.IsTransient || n.InnerException is IOException or System.Net.Sockets.SocketException,
        _ => false,
    };

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
