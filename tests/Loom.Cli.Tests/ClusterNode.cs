using System.Diagnostics;
using System.Globalization;
using Loom.Testing;

namespace Loom.Cli.Tests;

/// <summary>A <c>loom cluster silo</c> process on free ports of 127.0.0.1, with what it has printed so far.</summary>
internal sealed class ClusterNode : IAsyncDisposable
{
    private readonly List<string> lines = [];
    private readonly Task reading;

    private ClusterNode(Process process, int port)
    {
        Process = process;
        Port = port;
        reading = Task.WhenAll(ReadAsync(process.StandardOutput), ReadAsync(process.StandardError));
    }

    public Process Process { get; }

    public int Port { get; }

    public string Output
    {
        get
        {
            lock (lines)
            {
                return string.Join('\n', lines);
            }
        }
    }

    /// <summary>Starts a node and waits until it says it joined.</summary>
    /// <param name="workspace">The node's workspace folder.</param>
    /// <param name="membership">Where nodes find each other.</param>
    /// <param name="environment">The cluster's secret, and where the shared stores are.</param>
    /// <param name="slots">Attempts at once.</param>
    public static async Task<ClusterNode> StartAsync(string workspace, string membership, IReadOnlyDictionary<string, string> environment, int slots = 1)
    {
        var (port, gateway) = (FreePorts.Next(), FreePorts.Next());
        var args = new[] { "cluster", "silo", "--membership", membership, "--port", Text(port), "--gateway-port", Text(gateway), "--slots", Text(slots) };
        var node = new ClusterNode(LoomProcess.Start(workspace, args, environment), port);
        await node.WaitForAsync(l => l.StartsWith($"node 127.0.0.1:{port} joined cluster", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
        return node;
    }

    /// <summary>Waits until the node prints a line that matches.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (lines)
            {
                if (lines.FirstOrDefault(match) is { } line)
                {
                    return line;
                }
            }

            Assert.True(DateTime.UtcNow < deadline && !Process.HasExited, $"node on port {Port} did not print the line awaited within {timeout.TotalSeconds:0} s (exited: {Process.HasExited}); it printed:\n{Output}");
            await Task.Delay(100);
        }
    }

    public bool Printed(Func<string, bool> match)
    {
        lock (lines)
        {
            return lines.Any(match);
        }
    }

    /// <summary>kill -9.</summary>
    public void Kill() => Process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            await LoomProcess.InterruptAsync(Process);
        }

        await reading;
        Process.Dispose();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task ReadAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }
}
