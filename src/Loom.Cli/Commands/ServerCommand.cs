using System.CommandLine;
using Loom.Server;
using Microsoft.Extensions.Hosting;

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
        var command = new Command("server", "Serve the REST API and the web pipeline builder for the workspace, on 127.0.0.1:5080 by default.") { urls };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var addresses = Listening.CheckUrls(parse.GetValue(urls)!);
            var session = new CliSession(parse);
            await using var workspace = await session.OpenWorkspaceAsync(cancellationToken);
            await using var app = LoomServer.Build(workspace, await CliSession.CatalogAsync(workspace, cancellationToken), addresses, gate: ComponentPublishing.GateOfThisProgram());
            await Listening.StartAsync(app, addresses, cancellationToken);
            Console.WriteLine($"Loom server for {workspace.Root} listening on {string.Join(", ", app.Urls)}; Ctrl+C stops it");
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
