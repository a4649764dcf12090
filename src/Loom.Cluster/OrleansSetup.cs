using Loom.Cluster.Security;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Loom.Cluster;

/// <summary>What nodes and clients configure alike: the cluster's name, the handshake, how Loom's records travel.</summary>
internal static class OrleansSetup
{
    public const string ServiceId = "loom";

    public static void Common(IServiceCollection services, ClusterSettings settings)
    {
        services.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, ServiceId));

        // Loom's records (attempts, outcomes) travel as JSON: they are plain records, shared with the local executor.
        services.AddSerializer(serializer => serializer.AddJsonSerializer(isSupported: type => type.Namespace?.StartsWith("Loom.", StringComparison.Ordinal) == true && !type.IsAssignableTo(typeof(PlacementStrategy))));
    }

    public static void Node(IServiceCollection services, ClusterSettings settings)
    {
        Common(services, settings);
        services.Configure<SiloConnectionOptions>(o =>
        {
            o.ConfigureSiloInboundConnection(b => SecretHandshake.Use(b, settings.Secret, accepting: true));
            o.ConfigureGatewayInboundConnection(b => SecretHandshake.Use(b, settings.Secret, accepting: true));
            o.ConfigureSiloOutboundConnection(b => SecretHandshake.Use(b, settings.Secret, accepting: false));
        });
    }

    public static void Client(IServiceCollection services, ClusterSettings settings)
    {
        Common(services, settings);
        services.Configure<ClientConnectionOptions>(o => o.ConfigureConnection(b => SecretHandshake.Use(b, settings.Secret, accepting: false)));
    }
}
