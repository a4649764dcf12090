using System.Net;
using System.Net.Sockets;

namespace Loom.Testing;

/// <summary>Ports of 127.0.0.1 for the servers a test starts.</summary>
public static class FreePorts
{
    /// <summary>A port no one listens on now.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
