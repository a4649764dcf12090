using System.Globalization;
using Loom.Metadata.Postgres;
using Loom.Sdk;

namespace Loom.Cluster;

/// <summary>
/// Where the nodes of a cluster find each other: a Redis server, a PostgreSQL database (the workspace's own, by
/// default), or (for trying things on one machine) the first node on 127.0.0.1.
/// </summary>
public sealed record ClusterMembership
{
    private ClusterMembership(string? redisHost, int redisPort, int database, string? postgres, string description)
    {
        (RedisHost, RedisPort, Database, PostgresConnectionString, this.description) = (redisHost, redisPort, database, postgres, description);
    }

    private readonly string description;

    /// <summary>On one machine: the node on port 11111 of 127.0.0.1 is the one the others join.</summary>
    public static ClusterMembership Localhost { get; } = new(null, 0, 0, null, "localhost");

    /// <summary>The Redis server's host, or null when the membership is not in Redis.</summary>
    public string? RedisHost { get; }

    /// <summary>The Redis server's port.</summary>
    public int RedisPort { get; }

    /// <summary>The Redis database.</summary>
    public int Database { get; }

    /// <summary>The PostgreSQL database holding the membership table, or null when the membership is not in PostgreSQL.</summary>
    public string? PostgresConnectionString { get; }

    /// <summary>A StackExchange.Redis configuration string for the server.</summary>
    public string RedisConfiguration => $"{RedisHost}:{RedisPort.ToString(CultureInfo.InvariantCulture)},defaultDatabase={Database.ToString(CultureInfo.InvariantCulture)},abortConnect=false";

    /// <summary>
    /// Reads <c>localhost</c>, <c>redis://HOST[:PORT][/DATABASE]</c>, <c>postgres</c> (the workspace's metadata
    /// database) or a PostgreSQL address (<c>postgres://USER:PASSWORD@HOST:PORT/DATABASE</c>).
    /// </summary>
    /// <param name="text">What the user gave.</param>
    /// <param name="workspaceDatabase">The connection string of the workspace's PostgreSQL metadata database, or null when it keeps its metadata in SQLite.</param>
    /// <exception cref="LoomException">None of them, or <c>postgres</c> in a workspace without a PostgreSQL database.</exception>
    public static ClusterMembership Parse(string text, string? workspaceDatabase = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "localhost")
        {
            return Localhost;
        }

        if (text == "postgres")
        {
            return workspaceDatabase is null
                ? throw new LoomException("membership 'postgres' keeps the cluster's membership in the workspace's metadata database, but this workspace keeps its metadata in SQLite; set metadata.database in loom.yaml (or LOOM_DATABASE) to a postgres:// address every node shares, or write --membership postgres://USER:PASSWORD@HOST:PORT/DATABASE")
                : Postgres(workspaceDatabase);
        }

        if (PostgresAddress.IsPostgres(text))
        {
            return Postgres(PostgresAddress.Parse(text).ConnectionString);
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == "redis" && uri.Host.Length > 0 && uri.Query.Length == 0 && uri.UserInfo.Length == 0)
        {
            var path = uri.AbsolutePath.Trim('/');
            if (path.Length == 0 || int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                var (port, database) = (uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port, path.Length == 0 ? 0 : int.Parse(path, CultureInfo.InvariantCulture));
                return new ClusterMembership(uri.Host, port, database, null, $"redis://{uri.Host}:{port.ToString(CultureInfo.InvariantCulture)}/{database.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        throw new LoomException($"'{Redacted(text)}' is not a cluster membership: write redis://HOST[:PORT][/DATABASE] (such as redis://127.0.0.1:6379), postgres (the workspace's PostgreSQL metadata database), postgres://USER:PASSWORD@HOST:PORT/DATABASE, or localhost");
    }

    /// <inheritdoc />
    public override string ToString() => description;

    /// <summary>What the user gave, with anything before an '@' of an address (a user and password) hidden, for messages.</summary>
    private static string Redacted(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.LastIndexOf('@');
        return scheme > 0 && at > scheme ? text[..(scheme + 3)] + "***" + text[at..]
            : text.Contains("password", StringComparison.OrdinalIgnoreCase) ? "(an address with a password)"
            : text;
    }

    private static ClusterMembership Postgres(string connectionString)
    {
        var builder = PostgresAddress.Parse(connectionString);
        return new ClusterMembership(null, 0, 0, builder.ConnectionString, $"postgres {builder.Host}:{builder.Port.ToString(CultureInfo.InvariantCulture)}/{builder.Database}");
    }
}
