using System.CommandLine;
using Loom.Cluster;
using Loom.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Loom.Cli.Commands;

/// <summary><c>loom server [--urls URLS]</c>: the REST API and the web builder over the workspace.</summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, separated by ';' (port 0 picks a free port).",
            DefaultValueFactory = _ => LoomServer.DefaultUrls,
            HelpName = "URLS",
        };
        var onCluster = new Option<bool>("--cluster") { Description = "Run the steps of the runs started here on the nodes of a cluster (loom cluster silo); the server schedules and records them." };
        var cluster = new ClusterOptions();
        var command = new Command("server", "Serve the REST API and the web pipeline builder for the workspace, on 127.0.0.1:5080 by default.") { urls, onCluster };
        foreach (var option in cluster.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var addresses = Listening.CheckUrls(parse.GetValue(urls)!);
            var session = new CliSession(parse);
            await using var workspace = await session.OpenWorkspaceAsync(cancellationToken);
            await using var connection = parse.GetValue(onCluster) ? await ClusterConnection.ConnectAsync(cluster.Read(parse, workspace), logging => logging.SetMinimumLevel(LogLevel.Error), cancellationToken) : null;
            await using var app = LoomServer.Build(workspace, await CliSession.CatalogAsync(workspace, cancellationToken), addresses, gate: ComponentPublishing.GateOfThisProgram(), cluster: connection?.AttemptHost);
            await Listening.StartAsync(app, addresses, cancellationToken);
            var where = connection is null ? "" : $"; runs execute their steps on cluster '{connection.Settings.ClusterId}' ({connection.Settings.Membership})";
            Console.WriteLine($"Loom server for {workspace.Root} listening on {string.Join(", ", app.Urls)}{where}; Ctrl+C stops it");
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
