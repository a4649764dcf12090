using System.CommandLine;
using Loom.Cli;
using Loom.Cli.Commands;
using Loom.Pipelines.Validation;
using Loom.Sdk;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    // Logs and pipes have no width; do not wrap tables at 80 columns.
    AnsiConsole.Profile.Width = 200;
}

var root = new RootCommand("Loom: versioned, cached, resumable ML pipelines on ML.NET.");
root.Options.Add(CliOptions.Workspace);
root.Options.Add(CliOptions.Verbose);
root.Subcommands.Add(InitCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(RunsCommand.Create());
root.Subcommands.Add(LogsCommand.Create());
root.Subcommands.Add(ArtifactsCommand.Create());
root.Subcommands.Add(PipelinesCommand.Create());
root.Subcommands.Add(ComponentsCommand.Create());
root.Subcommands.Add(ServerCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(ScoreCommand.Create());
root.Subcommands.Add(CodegenCommand.Create());
root.Subcommands.Add(ModelsCommand.Create());
root.Subcommands.Add(LineageCommand.Create());
root.Subcommands.Add(GcCommand.Create());
root.Subcommands.Add(CiCommand.Create());
root.Subcommands.Add(ScaleTestCommand.Create());
root.Subcommands.Add(ClusterCommand.Create());
root.Subcommands.Add(WorkerCommand.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"error: {error.Message}");
    }

    Console.Error.WriteLine("Run 'loom --help' for usage.");
    return ExitCodes.UsageError;
}

try
{
    return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15), EnableDefaultExceptionHandler = false });
}
catch (PipelineValidationException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return ExitCodes.UsageError;
}
catch (LoomException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return ExitCodes.UsageError;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled");
    return ExitCodes.Cancelled;
}
catch (Exception e)
{
    Console.Error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
    if (parse.GetValue(CliOptions.Verbose))
    {
        AnsiConsole.WriteException(e);
    }
    else
    {
        Console.Error.WriteLine("Run again with --verbose for the stack trace.");
    }

    return ExitCodes.InternalError;
}
