using System.Globalization;
using Npgsql;

namespace Loom.Cluster.Membership;

/// <summary>
/// The membership tables in a PostgreSQL database (the workspace's metadata database, or another): made on first
/// use, read in one statement, changed in transactions that first move the cluster's version row on.
/// </summary>
/// <remarks>
/// PostgreSQL's errors are given as <see cref="OrleansException"/>s: Orleans passes them on to clients (a node asked
/// for the cluster's nodes reads the table), and it cannot send Npgsql's exceptions over the wire.
/// </remarks>
internal sealed class PostgresMembershipStore(string connectionString) : IAsyncDisposable
{
    /// <summary>Any number that is the same for every Loom node: the advisory lock under which the tables are made.</summary>
    private const long SchemaLock = 0x4c6f6f6d436c7573;

    private readonly NpgsqlDataSource source = NpgsqlDataSource.Create(connectionString);

    public Task CreateTablesAsync(CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // CREATE TABLE IF NOT EXISTS is not safe against itself: nodes starting together would collide.
        await using (var locking = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@lock)", connection, transaction))
        {
            locking.Parameters.AddWithValue("lock", SchemaLock);
            await locking.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var create = new NpgsqlCommand(MembershipRows.Schema, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    });

    public Task ExecuteAsync(string sql, Action<NpgsqlCommand> bind) => GuardAsync(async () =>
    {
        await using var command = source.CreateCommand(sql);
        bind(command);
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    });

    /// <summary>The cluster's version and its members (or the one at <paramref name="only"/>); version 0 before any node made the cluster's row.</summary>
    public Task<MembershipTableData> ReadAsync(string clusterId, SiloAddress? only) => GuardAsync(async () =>
    {
        await using var command = source.CreateCommand(MembershipRows.Select);
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.Add(new NpgsqlParameter<string?>("address", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = only?.ToParsableString() });
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var members = new List<Tuple<MembershipEntry, string>>();
        var version = new TableVersion(0, "0");
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            version = new TableVersion(reader.GetInt32(0), reader.GetInt64(1).ToString(CultureInfo.InvariantCulture));
            if (!reader.IsDBNull(2))
            {
                members.Add(MembershipRows.Read(reader));
            }
        }

        return new MembershipTableData(members, version);
    });

    /// <summary>
    /// In one transaction: the cluster's version row moves to <paramref name="version"/> if its etag is still the one
    /// the caller read, then <paramref name="change"/> runs; false, and nothing changed, if either finds the table moved on.
    /// </summary>
    public Task<bool> ChangeAsync(string clusterId, TableVersion version, Func<NpgsqlConnection, NpgsqlTransaction, Task<bool>> change) => GuardAsync(async () =>
    {
        if (!long.TryParse(version.VersionEtag, NumberStyles.None, CultureInfo.InvariantCulture, out var etag))
        {
            return false;
        }

        await using var connection = await source.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var move = new NpgsqlCommand("UPDATE cluster_versions SET version = @version, etag = etag + 1 WHERE cluster_id = @cluster AND etag = @etag", connection, transaction))
        {
            move.Parameters.AddWithValue("cluster", clusterId);
            move.Parameters.AddWithValue("version", version.Version);
            move.Parameters.AddWithValue("etag", etag);
            if (await move.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        if (!await change(connection, transaction).ConfigureAwait(false))
        {
            return false;
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        return true;
    });

    public ValueTask DisposeAsync() => source.DisposeAsync();

    private async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            // Connections pooled before a restart are all broken: the next call starts afresh.
            source.Clear();
            var database = new NpgsqlConnectionStringBuilder(connectionString);
            throw new OrleansException($"the cluster's membership table in postgres {database.Host}:{database.Port.ToString(CultureInfo.InvariantCulture)}/{database.Database} cannot be used: {e.Message}");
        }
    }
}
