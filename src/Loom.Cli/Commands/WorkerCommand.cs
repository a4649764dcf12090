using System.CommandLine;
using Loom.Worker;

namespace Loom.Cli.Commands;

/// <summary><c>loom worker</c>: the process a custom component runs in; Loom starts it, people do not.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var command = new Command("worker", "Run one request of custom component code (JSON on standard input, reports on standard output). Loom starts this process itself.")
        {
            Hidden = true,
        };
        command.SetAction(async (_, cancellationToken) =>
        {
            // The reports own standard output: whatever else writes to the console goes to standard error.
            var reports = Console.OpenStandardOutput();
            Console.SetOut(Console.Error);
            return await WorkerHost.RunAsync(Console.In, reports, cancellationToken);
        });
        return command;
    }
}
