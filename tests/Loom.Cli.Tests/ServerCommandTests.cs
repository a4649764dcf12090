using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Loom.Cli.Tests;

/// <summary><c>loom server</c> as a user starts it: the built web builder and the API from one process.</summary>
public sealed partial class ServerCommandTests
{
    [Fact]
    public async Task Loom_server_serves_the_built_builder_and_the_api_and_stops_on_ctrl_c()
    {
        using var workspace = LoomProcess.CopyExample("telco-churn");
        using var process = LoomProcess.Start(workspace.Path, "server", "--urls", "http://127.0.0.1:0");
        try
        {
            var address = await ListeningAddressAsync(process);
            Assert.Equal("127.0.0.1", address.Host);
            using var http = new HttpClient { BaseAddress = address };

            var index = await http.GetStringAsync("/");
            Assert.Contains("<div id=\"root\">", index, StringComparison.Ordinal);
            var script = ScriptPattern().Match(index);
            Assert.True(script.Success, $"index.html names its script: {index}");
            using var asset = await http.GetAsync(script.Groups[1].Value.TrimStart('.'));
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Contains("javascript", asset.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);

            var pipelines = await http.GetStringAsync("/api/pipelines");
            Assert.Contains("\"telco-churn\"", pipelines, StringComparison.Ordinal);
            using var missing = await http.GetAsync("/api/nothing");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            await LoomProcess.InterruptAsync(process);
        }

        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task A_port_in_use_is_a_clear_error_and_a_non_zero_exit()
    {
        using var workspace = LoomProcess.CopyExample("telco-churn");
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, _, err) = await LoomProcess.RunAsync(workspace.Path, "server", "--urls", $"http://127.0.0.1:{port}");
        Assert.Equal(2, exit);
        Assert.Contains($"127.0.0.1:{port}", err, StringComparison.Ordinal);
        Assert.Contains("in use", err, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nonsense", "'nonsense' is not an http or https address")]
    [InlineData("ftp://127.0.0.1:21", "'ftp://127.0.0.1:21' is not an http or https address")]
    [InlineData(" ", "no address given")]
    public async Task Addresses_that_are_not_http_urls_are_refused_before_anything_starts(string urls, string message)
    {
        using var workspace = LoomProcess.CopyExample("telco-churn");
        var (exit, _, err) = await LoomProcess.RunAsync(workspace.Path, "server", "--urls", urls);
        Assert.Equal(2, exit);
        Assert.Contains(message, err, StringComparison.Ordinal);
    }

    /// <summary>The address a loom process that serves HTTP prints it listens on.</summary>
    internal static async Task<Uri> ListeningAddressAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var match = ListeningPattern().Match(line);
            if (match.Success)
            {
                return new Uri(match.Groups[1].Value);
            }
        }

        throw new InvalidOperationException($"loom ended without listening: {await process.StandardError.ReadToEndAsync()}");
    }

    [GeneratedRegex(@"listening on (http://[^,;\s]+)")]
    private static partial Regex ListeningPattern();

    [GeneratedRegex("<script[^>]+src=\"([^\"]+)\"")]
    private static partial Regex ScriptPattern();
}
