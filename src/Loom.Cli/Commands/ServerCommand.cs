using System.CommandLine;
using Loom.Sdk;
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
            var addresses = CheckUrls(parse.GetValue(urls)!);
            var session = new CliSession(parse);
            await using var workspace = await session.OpenWorkspaceAsync(cancellationToken);
            await using var app = LoomServer.Build(workspace, await CliSession.CatalogAsync(workspace, cancellationToken), addresses, gate: ComponentPublishing.GateOfThisProgram());
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                // Kestrel's AddressInUseException and other bind failures.
                throw new LoomException($"cannot listen on {addresses}: {e.Message.TrimEnd('.')}; choose another address with --urls", e);
            }

            Console.WriteLine($"Loom server for {workspace.Root} listening on {string.Join(", ", app.Urls)}; Ctrl+C stops it");
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Each address must be an absolute http or https URL such as http://127.0.0.1:5080.</summary>
    private static string CheckUrls(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new LoomException($"--urls: '{url}' is not an http or https address; expected for example http://127.0.0.1:5080");
            }
        }

        return urls.Trim().Length > 0 ? urls : throw new LoomException("--urls: no address given; expected for example http://127.0.0.1:5080");
    }
}
