using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace Loom.Cluster.Membership;

/// <summary>How a node's <see cref="MembershipEntry"/> is kept in a row of <c>cluster_members</c>, and read back.</summary>
internal static class MembershipRows
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS cluster_versions (
            cluster_id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            etag BIGINT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS cluster_members (
            cluster_id TEXT NOT NULL,
            address TEXT NOT NULL,
            status INTEGER NOT NULL,
            proxy_port INTEGER NOT NULL,
            host_name TEXT NOT NULL,
            silo_name TEXT NOT NULL,
            role_name TEXT,
            update_zone INTEGER NOT NULL,
            fault_zone INTEGER NOT NULL,
            suspect_times TEXT NOT NULL,
            start_time TIMESTAMPTZ NOT NULL,
            i_am_alive_time TIMESTAMPTZ NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL,
            etag BIGINT NOT NULL,
            PRIMARY KEY (cluster_id, address)
        );
        """;

    private const string Columns = "status, proxy_port, host_name, silo_name, role_name, update_zone, fault_zone, suspect_times, start_time, i_am_alive_time, updated_at";

    public const string Insert = $"""
        INSERT INTO cluster_members (cluster_id, address, {Columns}, etag)
        VALUES (@cluster, @address, @status, @proxy_port, @host_name, @silo_name, @role_name, @update_zone, @fault_zone, @suspect_times, @start_time, @i_am_alive_time, @updated_at, 0)
        ON CONFLICT (cluster_id, address) DO NOTHING
        """;

    public const string Update = """
        UPDATE cluster_members SET status = @status, proxy_port = @proxy_port, host_name = @host_name, silo_name = @silo_name,
            role_name = @role_name, update_zone = @update_zone, fault_zone = @fault_zone, suspect_times = @suspect_times,
            start_time = @start_time, i_am_alive_time = @i_am_alive_time, updated_at = GREATEST(updated_at, @updated_at), etag = etag + 1
        WHERE cluster_id = @cluster AND address = @address AND etag = @etag
        """;

    /// <summary>The version row and the members (all, or the one asked for) in one statement: one snapshot.</summary>
    public const string Select = """
        SELECT v.version, v.etag, m.address, m.status, m.proxy_port, m.host_name, m.silo_name, m.role_name, m.update_zone, m.fault_zone,
            m.suspect_times, m.start_time, m.i_am_alive_time, m.etag
        FROM cluster_versions v LEFT JOIN cluster_members m ON m.cluster_id = v.cluster_id AND (@address::text IS NULL OR m.address = @address)
        WHERE v.cluster_id = @cluster
        """;

    public static void Bind(NpgsqlCommand command, string clusterId, MembershipEntry entry)
    {
        var p = command.Parameters;
        p.AddWithValue("cluster", clusterId);
        p.AddWithValue("address", entry.SiloAddress.ToParsableString());
        p.AddWithValue("status", (int)entry.Status);
        p.AddWithValue("proxy_port", entry.ProxyPort);
        p.AddWithValue("host_name", entry.HostName ?? "");
        p.AddWithValue("silo_name", entry.SiloName ?? "");
        p.AddWithValue("role_name", (object?)entry.RoleName ?? DBNull.Value);
        p.AddWithValue("update_zone", entry.UpdateZone);
        p.AddWithValue("fault_zone", entry.FaultZone);
        p.AddWithValue("suspect_times", JsonSerializer.Serialize((entry.SuspectTimes ?? []).Select(s => new[] { s.Item1.ToParsableString(), Utc(s.Item2).ToString("O", CultureInfo.InvariantCulture) })));
        p.AddWithValue("start_time", Utc(entry.StartTime));
        p.AddWithValue("i_am_alive_time", Utc(entry.IAmAliveTime));
        p.AddWithValue("updated_at", LastNews(entry));
    }

    /// <summary>The member in the row the reader is on (after the version's two columns), with its etag.</summary>
    public static Tuple<MembershipEntry, string> Read(DbDataReader row)
    {
        var entry = new MembershipEntry
        {
            SiloAddress = SiloAddress.FromParsableString(row.GetString(2)),
            Status = (SiloStatus)row.GetInt32(3),
            ProxyPort = row.GetInt32(4),
            HostName = row.GetString(5),
            SiloName = row.GetString(6),
            RoleName = row.IsDBNull(7) ? null : row.GetString(7),
            UpdateZone = row.GetInt32(8),
            FaultZone = row.GetInt32(9),
            SuspectTimes = [.. (JsonSerializer.Deserialize<string[][]>(row.GetString(10)) ?? []).Select(s => Tuple.Create(SiloAddress.FromParsableString(s[0]), DateTime.Parse(s[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)))],
            StartTime = row.GetDateTime(11),
            IAmAliveTime = row.GetDateTime(12),
        };
        return Tuple.Create(entry, row.GetInt64(13).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The latest news of a node: when it started, last said it was alive, or was last suspected (declaring it dead is a vote too).</summary>
    public static DateTime LastNews(MembershipEntry entry) =>
        new[] { entry.StartTime, entry.IAmAliveTime }.Concat((entry.SuspectTimes ?? []).Select(s => s.Item2)).Select(Utc).Max();

    /// <summary>A time as UTC, as PostgreSQL's timestamptz takes it (Orleans' times are UTC; unset ones are the minimum).</summary>
    public static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}
