using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;

namespace Loom.Cluster.Membership;

/// <summary>Where a client finds the cluster's gateways: the active nodes in the membership table, at their client ports.</summary>
internal sealed class PostgresGatewayList(PostgresMembershipStore store, IOptions<ClusterOptions> cluster, IOptions<GatewayOptions> gateways) : IGatewayListProvider
{
    public TimeSpan MaxStaleness => gateways.Value.GatewayListRefreshPeriod;

    public bool IsUpdatable => true;

    // Clients only read: the nodes make the tables (a client's database role need not be allowed to).
    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    public async Task<IList<Uri>> GetGateways()
    {
        var table = await store.ReadAsync(cluster.Value.ClusterId, only: null).ConfigureAwait(false);
        return [.. table.Members
            .Select(m => m.Item1)
            .Where(m => m.Status == SiloStatus.Active && m.ProxyPort > 0)
            .Select(m => SiloAddress.New(m.SiloAddress.Endpoint.Address, m.ProxyPort, m.SiloAddress.Generation).ToGatewayUri())];
    }
}
