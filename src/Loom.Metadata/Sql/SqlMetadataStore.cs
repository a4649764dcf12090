using System.Data.Common;

namespace Loom.Metadata.Sql;

/// <summary>
/// The metadata store's queries, written once in the SQL that SQLite and PostgreSQL both speak (named parameters,
/// <c>ON CONFLICT</c> upserts, times as ISO 8601 text); each database's store says how to get a connection and how
/// to make writes exclusive.
/// </summary>
public abstract partial class SqlMetadataStore : IMetadataStore
{
    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    /// <summary>A connection for reads.</summary>
    private protected abstract Task<Lease> LeaseAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction that no other writer of the store runs alongside (in any
    /// process), and commits it.
    /// </summary>
    private protected abstract Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Runs a read on a leased connection; a store whose server may restart retries it meanwhile.</summary>
    private protected virtual async Task<T> ReadAsync<T>(Func<Lease, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var lease = await LeaseAsync(cancellationToken).ConfigureAwait(false);
        return await read(lease).ConfigureAwait(false);
    }

    private protected Task WriteAsync(Func<DbConnection, Task> work, CancellationToken cancellationToken) =>
        WriteAsync(
            async connection =>
            {
                await work(connection).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    private protected static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Every row the command reads, each turned into a record by <paramref name="read"/>.</summary>
    private protected static async Task<List<T>> ReadAllAsync<T>(DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private protected static async Task ExecAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
