using System.Data.Common;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Loom.Components.Data;

/// <summary>Reads the result of a SQL query.</summary>
[Component("data.read-sql", "1.0.0", Example = "orders: { component: data.read-sql@1, params: { provider: postgresql, connection_env: WAREHOUSE_DB, query: 'SELECT * FROM orders WHERE year = 2026' } }", Category = "data", Cacheable = false, Description = "Runs a SQL query against SQLite or PostgreSQL and streams its rows into a table: numeric columns as numbers, booleans as true/false, everything else as text (dates and times in ISO 8601), NULL as missing. The connection string comes from an environment variable, never from the pipeline file. A database can change between runs, so this step always runs (it is never a cache hit).")]
[Output("table", ArtifactKind.Table, Description = "The rows the query returns.")]
internal sealed partial class ReadSql : IComponent
{
    [Parameter("provider", Choices = ["sqlite", "postgresql"], Description = "The database kind.")]
    public string Provider { get; set; } = "sqlite";

    [Parameter("connection_env", Required = true, Description = "Name of the environment variable holding the connection string (for SQLite, 'Data Source=path'), so credentials stay out of pipeline files.")]
    public string ConnectionEnv { get; set; } = "";

    [Parameter("query", Required = true, Description = "The SELECT statement.")]
    public string Query { get; set; } = "";

    public async Task ExecuteAsync(IComponentContext context)
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionEnv);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new DataException($"step '{context.StepName}', 'connection_env': the environment variable '{ConnectionEnv}' is not set; set it to the {Provider} connection string");
        }

        await using DbConnection connection = Provider == "postgresql" ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(context.CancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = Query;
            await using var reader = await command.ExecuteReaderAsync(context.CancellationToken).ConfigureAwait(false);
            var rows = await TableIO.WriteBatchesAsync(context, "table", SqlRows.ReadAsync(reader, context.StepName, context.CancellationToken)).ConfigureAwait(false);
            context.Logger.LogInformation("read {Rows} rows x {Columns} columns from {Provider}", rows, reader.FieldCount, Provider);
        }
        catch (DbException e)
        {
            // The database's own message says what is wrong with the query or the connection.
            throw new DataException($"step '{context.StepName}': {Provider}: {e.Message}");
        }
    }
}
