using Loom.Sdk;
using Npgsql;

namespace Loom.Metadata.Postgres;

/// <summary>Where a PostgreSQL database is: a <c>postgres://</c> URL (as most tools write it) or an Npgsql connection string.</summary>
public static class PostgresAddress
{
    /// <summary>Whether <paramref name="database"/> names a PostgreSQL database rather than a file.</summary>
    public static bool IsPostgres(string database) =>
        database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || database.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection settings for <c>postgres://user:password@host:port/database?sslmode=require</c> or a connection string.</summary>
    /// <exception cref="LoomException">It is neither, or names no database.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string database)
    {
        ArgumentNullException.ThrowIfNull(database);
        try
        {
            var builder = IsUrl(database) ? FromUrl(database) : new NpgsqlConnectionStringBuilder(database);
            if (string.IsNullOrEmpty(builder.Host))
            {
                throw new LoomException($"'{Redacted(database)}' names no host; write postgres://USER:PASSWORD@HOST:PORT/DATABASE");
            }

            builder.ApplicationName ??= "loom";
            return builder;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
        {
            throw new LoomException($"'{Redacted(database)}' is not a PostgreSQL address: {e.Message}; write postgres://USER:PASSWORD@HOST:PORT/DATABASE");
        }
    }

    /// <summary>The address with its password replaced by <c>***</c>, for messages and settings shown to people.</summary>
    public static string Redacted(string database)
    {
        if (IsUrl(database) && Uri.TryCreate(database, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            return database.Replace(uri.UserInfo, uri.UserInfo[..uri.UserInfo.IndexOf(':', StringComparison.Ordinal)] + ":***", StringComparison.Ordinal);
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(database);
            if (!string.IsNullOrEmpty(builder.Password))
            {
                builder.Password = "***";
            }

            return builder.ToString();
        }
        catch (ArgumentException)
        {
            return "(unreadable address)";
        }
    }

    private static bool IsUrl(string database) =>
        database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    private static NpgsqlConnectionStringBuilder FromUrl(string database)
    {
        var uri = new Uri(database);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var name = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        builder.Database = name.Length > 0 ? name : throw new LoomException($"'{Redacted(database)}' names no database; write postgres://USER:PASSWORD@HOST:PORT/DATABASE");
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
        }

        return builder;
    }
}
