using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Messaging;

namespace Loom.Cluster.Membership;

/// <summary>How nodes and clients use the membership store the settings name.</summary>
internal static class MembershipSetup
{
    public static void Node(ISiloBuilder silo, ClusterSettings settings)
    {
        var membership = settings.Membership;
        if (membership == ClusterMembership.Localhost)
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, new IPEndPoint(IPAddress.Loopback, ClusterSettings.FirstLocalSiloPort), OrleansSetup.ServiceId, settings.ClusterId);
            return;
        }

        if (membership.PostgresConnectionString is { } postgres)
        {
            silo.Services.AddSingleton(_ => new PostgresMembershipStore(postgres));
            silo.Services.AddSingleton<IMembershipTable, PostgresMembershipTable>();
        }
        else
        {
            silo.UseRedisClustering(membership.RedisConfiguration);
        }

        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = settings.Address;
            o.SiloPort = settings.SiloPort;
            o.GatewayPort = settings.GatewayPort;
            o.SiloListeningEndpoint = new IPEndPoint(settings.Address, settings.SiloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(settings.Address, settings.GatewayPort);
        });
    }

    public static void Client(IClientBuilder client, ClusterSettings settings)
    {
        var membership = settings.Membership;
        if (membership == ClusterMembership.Localhost)
        {
            client.UseLocalhostClustering(settings.GatewayPort, OrleansSetup.ServiceId, settings.ClusterId);
        }
        else if (membership.PostgresConnectionString is { } postgres)
        {
            client.Services.AddSingleton(_ => new PostgresMembershipStore(postgres));
            client.Services.AddSingleton<IGatewayListProvider, PostgresGatewayList>();
        }
        else
        {
            client.UseRedisClustering(membership.RedisConfiguration);
        }
    }
}
