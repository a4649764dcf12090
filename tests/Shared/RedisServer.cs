using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Loom.Testing;

/// <summary>A real, throwaway Redis server for one test: nothing saved to disk, listening on a free port of 127.0.0.1 only.</summary>
public sealed class RedisServer : IDisposable
{
    private const string Program = "/usr/bin/redis-server";
    private readonly Process process;

    private RedisServer(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The address <c>loom cluster</c> takes.</summary>
    public string Membership => $"redis://127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException($"Redis is not installed (no {Program}); .ci/run installs Debian's redis-server package");
        }

        var port = FreePorts.Next();
        var info = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            info.ArgumentList.Add(argument);
        }

        var server = new RedisServer(Process.Start(info)!, port);
        _ = server.process.StandardOutput.ReadToEndAsync();
        _ = server.process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !server.process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                server.Dispose();
                throw new InvalidOperationException($"redis-server did not start on port {port}");
            }
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }

        process.Dispose();
    }
}
