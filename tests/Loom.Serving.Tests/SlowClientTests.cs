using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Loom.Serving.Tests;

/// <summary>Clients that send too slowly (slowloris) are cut off by the host's limits instead of holding a connection for ever.</summary>
public sealed class SlowClientTests
{
    [Fact]
    public async Task Headers_that_trickle_in_and_a_body_sent_byte_by_byte_are_cut_off_while_other_requests_are_answered()
    {
        await using var workspace = await ServingWorkspace.CreateAsync();
        var (version, _) = await workspace.RegisterAsync(20);
        await workspace.PromoteAsync(version);
        await using var client = await ServingClient.StartAsync(workspace);
        var address = client.Http.BaseAddress!;

        var headers = TrickleAsync(address, "", "POST /v1/models/churn/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Slow: " + new string('a', 400));
        var body = TrickleAsync(address, "POST /v1/models/churn/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n", new string(' ', 400));

        // Meanwhile the host answers others.
        Assert.Equal("ok", (await client.GetJsonAsync("/healthz"))["status"]!.GetValue<string>());

        var (headerCut, headerAfter) = await headers;
        var (bodyCut, bodyAfter) = await body;
        Assert.True(headerCut, "a client trickling its headers was not cut off");
        Assert.True(bodyCut, "a client trickling its body was not cut off");
        Assert.InRange(headerAfter.TotalSeconds, 5, 40);
        Assert.InRange(bodyAfter.TotalSeconds, 3, 40);
    }

    /// <summary>Sends <paramref name="first"/> at once, then <paramref name="trickle"/> one byte every 100 ms until the host closes the connection or answers (or 45 s pass); whether it did, and when.</summary>
    private static async Task<(bool Cut, TimeSpan After)> TrickleAsync(Uri address, string first, string trickle)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(first));
        var bytes = Encoding.ASCII.GetBytes(trickle);
        var clock = Stopwatch.StartNew();
        try
        {
            for (var i = 0; clock.Elapsed < TimeSpan.FromSeconds(45); i++)
            {
                await stream.WriteAsync(bytes.AsMemory(i % bytes.Length, 1));
                await Task.Delay(100);
                if (tcp.Client.Poll(0, SelectMode.SelectRead) && tcp.Client.Available == 0)
                {
                    return (true, clock.Elapsed);
                }

                if (tcp.Client.Available > 0)
                {
                    // The host answered (a 408 or 400) and will close the connection.
                    return (true, clock.Elapsed);
                }
            }
        }
        catch (IOException)
        {
            return (true, clock.Elapsed);
        }

        return (false, clock.Elapsed);
    }
}
