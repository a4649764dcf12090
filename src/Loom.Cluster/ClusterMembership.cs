using System.Globalization;
using Loom.Sdk;

namespace Loom.Cluster;

/// <summary>Where the nodes of a cluster find each other: a Redis server, or (for trying things on one machine) the first node on 127.0.0.1.</summary>
public sealed record ClusterMembership
{
    private ClusterMembership(string? redisHost, int redisPort, int database)
    {
        (RedisHost, RedisPort, Database) = (redisHost, redisPort, database);
    }

    /// <summary>On one machine: the node on port 11111 of 127.0.0.1 is the one the others join.</summary>
    public static ClusterMembership Localhost { get; } = new(null, 0, 0);

    /// <summary>The Redis server's host, or null for <see cref="Localhost"/>.</summary>
    public string? RedisHost { get; }

    /// <summary>The Redis server's port.</summary>
    public int RedisPort { get; }

    /// <summary>The Redis database.</summary>
    public int Database { get; }

    /// <summary>A StackExchange.Redis configuration string for the server.</summary>
    public string RedisConfiguration => $"{RedisHost}:{RedisPort.ToString(CultureInfo.InvariantCulture)},defaultDatabase={Database.ToString(CultureInfo.InvariantCulture)},abortConnect=false";

    /// <summary>Reads <c>localhost</c> or <c>redis://HOST[:PORT][/DATABASE]</c>.</summary>
    /// <exception cref="LoomException">Neither.</exception>
    public static ClusterMembership Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "localhost")
        {
            return Localhost;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == "redis" && uri.Host.Length > 0 && uri.Query.Length == 0 && uri.UserInfo.Length == 0)
        {
            var path = uri.AbsolutePath.Trim('/');
            if (path.Length == 0 || int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return new ClusterMembership(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port, path.Length == 0 ? 0 : int.Parse(path, CultureInfo.InvariantCulture));
            }
        }

        throw new LoomException($"'{text}' is not a cluster membership: write redis://HOST[:PORT][/DATABASE] (such as redis://127.0.0.1:6379) or localhost");
    }

    /// <inheritdoc />
    public override string ToString() => RedisHost is null ? "localhost" : $"redis://{RedisHost}:{RedisPort.ToString(CultureInfo.InvariantCulture)}/{Database.ToString(CultureInfo.InvariantCulture)}";
}
