using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Net;
using Loom.Cluster;
using Loom.Execution.Distribution;
using Loom.Sdk;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Loom.Cli.Commands;

/// <summary><c>loom cluster silo</c>: a node of a cluster that runs the steps of <c>loom run --cluster</c>; <c>loom cluster nodes</c>: the nodes.</summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var command = new Command("cluster", "Run pipelines on several machines: nodes (Orleans silos) that run steps, sharing one metadata store and artifact folder.");
        command.Subcommands.Add(Silo());
        command.Subcommands.Add(Nodes());
        return command;
    }

    private static Command Nodes()
    {
        var cluster = new ClusterOptions();
        var json = CliOptions.Json();
        var command = new Command("nodes", "List the cluster's nodes: address, status, when each started, and for active ones their slots and how many are busy.") { json };
        foreach (var option in cluster.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var session = new CliSession(parse);
            await using var workspace = await session.OpenWorkspaceAsync(cancellationToken);
            await using var connection = await ClusterConnection.ConnectAsync(cluster.Read(parse, workspace), logging => logging.SetMinimumLevel(LogLevel.Error), cancellationToken);
            var nodes = await connection.NodesAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(nodes, LoomJson.Options));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("node", "status", "started", "slots", "busy");
            foreach (var node in nodes)
            {
                table.AddRow(node.Node, node.Status, node.Started.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Count(node.Slots), Count(node.Busy));
            }

            AnsiConsole.Write(table);
            var active = nodes.Where(n => n.Status == "active").ToList();
            Console.WriteLine($"cluster '{connection.Settings.ClusterId}' ({connection.Settings.Membership}): {active.Count} active node(s), {active.Sum(n => n.Slots ?? 0)} slot(s), {active.Sum(n => n.Busy ?? 0)} busy");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Count(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static Command Silo()
    {
        var cluster = new ClusterOptions();
        var address = new Option<string>("--address") { Description = "The address the node listens on and tells the others.", DefaultValueFactory = _ => "127.0.0.1", HelpName = "IP" };
        var port = new Option<int>("--port") { Description = "The port nodes talk to each other on.", DefaultValueFactory = _ => ClusterSettings.FirstLocalSiloPort, HelpName = "PORT" };
        var gateway = new Option<int>("--gateway-port") { Description = "The port clients (loom run --cluster) connect to.", DefaultValueFactory = _ => 30000, HelpName = "PORT" };
        var slots = new Option<int>("--slots") { Description = "Step attempts this node runs at once (default: one per core).", DefaultValueFactory = _ => Environment.ProcessorCount, HelpName = "N" };
        var command = new Command("silo", $"Start a node that joins the cluster and runs steps with this workspace's stores, until Ctrl+C. Every node and client proves it knows {ClusterSettings.SecretVariable}.")
        {
            address, port, gateway, slots,
        };
        foreach (var option in cluster.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var session = new CliSession(parse);
            await using var workspace = await session.OpenWorkspaceAsync(cancellationToken);
            var settings = cluster.Read(parse, workspace) with
            {
                Address = IPAddress.TryParse(parse.GetValue(address), out var ip) ? ip : throw new LoomException($"--address must be an IP address such as 127.0.0.1, found '{parse.GetValue(address)}'"),
                SiloPort = Port(parse.GetValue(port), "--port"),
                GatewayPort = Port(parse.GetValue(gateway), "--gateway-port"),
                Slots = parse.GetValue(slots) is var n and >= 1 and <= 1024 ? n : throw new LoomException($"--slots must be a whole number from 1 to 1024, found {parse.GetValue(slots)}"),
            };
            var catalog = await CliSession.CatalogAsync(workspace, cancellationToken);
            var executor = new AttemptExecutor(workspace.Store, workspace.Artifacts, catalog, workspace.CreateExecutorOptions(), workspace.StateFolder, token => workspace.RefreshCatalogAsync(catalog, token));
            using var node = NodeHost.Build(settings, executor, logging => logging.AddSimpleConsole(o => (o.SingleLine, o.TimestampFormat) = (true, "HH:mm:ss ")).SetMinimumLevel(LogLevel.Warning).AddFilter("Loom", LogLevel.Information).AddFilter("Orleans.Runtime.Silo", LogLevel.Error).AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error));
            await node.StartAsync(cancellationToken);
            Console.WriteLine($"node {settings.Address}:{settings.SiloPort.ToString(CultureInfo.InvariantCulture)} joined cluster '{settings.ClusterId}' ({settings.Membership}) with {settings.Slots} slot(s), clients at port {settings.GatewayPort.ToString(CultureInfo.InvariantCulture)}; workspace {workspace.Root} ({workspace.DatabaseDescription}); Ctrl+C leaves");
            await node.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int Port(int value, string option) =>
        value is >= 1 and <= 65535 ? value : throw new LoomException($"{option} must be a port from 1 to 65535, found {value}");
}
