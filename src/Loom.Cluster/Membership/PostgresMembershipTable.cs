using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Loom.Cluster.Membership;

/// <summary>
/// Orleans' membership table on a PostgreSQL database: one row per node and one version row per cluster, both
/// changed only when the caller's etags still match (optimistic concurrency, as Orleans' membership protocol needs).
/// </summary>
internal sealed class PostgresMembershipTable(PostgresMembershipStore store, IOptions<ClusterOptions> cluster) : IMembershipTable
{
    private readonly string clusterId = cluster.Value.ClusterId;

    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        await store.CreateTablesAsync(CancellationToken.None).ConfigureAwait(false);
        if (tryInitTableVersion)
        {
            await store.ExecuteAsync(
                "INSERT INTO cluster_versions (cluster_id, version, etag) VALUES (@cluster, 0, 0) ON CONFLICT (cluster_id) DO NOTHING",
                c => c.Parameters.AddWithValue("cluster", clusterId)).ConfigureAwait(false);
        }
    }

    public Task DeleteMembershipTableEntries(string clusterId) =>
        store.ExecuteAsync(
            "DELETE FROM cluster_versions WHERE cluster_id = @cluster; DELETE FROM cluster_members WHERE cluster_id = @cluster",
            c => c.Parameters.AddWithValue("cluster", clusterId));

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) =>
        store.ExecuteAsync(
            "DELETE FROM cluster_members WHERE cluster_id = @cluster AND status <> @active AND updated_at < @before",
            c =>
            {
                c.Parameters.AddWithValue("cluster", clusterId);
                c.Parameters.AddWithValue("active", (int)SiloStatus.Active);
                c.Parameters.AddWithValue("before", beforeDate.UtcDateTime);
            });

    public Task<MembershipTableData> ReadRow(SiloAddress key) => store.ReadAsync(clusterId, key);

    public Task<MembershipTableData> ReadAll() => store.ReadAsync(clusterId, only: null);

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) =>
        store.ChangeAsync(clusterId, tableVersion, async (connection, transaction) =>
        {
            await using var insert = new NpgsqlCommand(MembershipRows.Insert, connection, transaction);
            MembershipRows.Bind(insert, clusterId, entry);
            return await insert.ExecuteNonQueryAsync().ConfigureAwait(false) == 1;
        });

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) =>
        store.ChangeAsync(clusterId, tableVersion, async (connection, transaction) =>
        {
            if (!long.TryParse(etag, System.Globalization.CultureInfo.InvariantCulture, out var expected))
            {
                return false;
            }

            await using var update = new NpgsqlCommand(MembershipRows.Update, connection, transaction);
            MembershipRows.Bind(update, clusterId, entry);
            update.Parameters.AddWithValue("etag", expected);
            return await update.ExecuteNonQueryAsync().ConfigureAwait(false) == 1;
        });

    public Task UpdateIAmAlive(MembershipEntry entry) =>
        store.ExecuteAsync(
            "UPDATE cluster_members SET i_am_alive_time = @alive, updated_at = GREATEST(updated_at, @alive) WHERE cluster_id = @cluster AND address = @address",
            c =>
            {
                c.Parameters.AddWithValue("cluster", clusterId);
                c.Parameters.AddWithValue("address", entry.SiloAddress.ToParsableString());
                c.Parameters.AddWithValue("alive", MembershipRows.Utc(entry.IAmAliveTime));
            });
}
