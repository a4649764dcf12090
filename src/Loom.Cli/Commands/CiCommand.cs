using System.CommandLine;
using Loom.Cli.Ci;
using Loom.Cli;

namespace Loom.Cli.Commands;

/// <summary><c>loom ci</c>: every check a CI job needs on a repository of Loom pipelines, with a JUnit report; <c>loom ci init</c> writes the job.</summary>
internal static class CiCommand
{
    public static Command Create()
    {
        var junit = new Option<string?>("--junit") { HelpName = "FILE", Description = "Also write a JUnit XML report (for the CI system's test view)." };
        var command = new Command("ci", "Validate every pipeline, build and test every component under components/, run every pipeline marked 'ci: smoke' with its default parameters, check the sla of every pipeline that has one in a scale test, check every gate under gates/; exit code 1 when anything fails.") { junit };
        command.Subcommands.Add(CiInitCommand.Create());
        command.SetAction(async (parse, cancellationToken) =>
        {
            var session = new CliSession(parse);
            await using var workspace = await session.OpenWorkspaceAsync(cancellationToken);
            var catalog = await CliSession.CatalogAsync(workspace, cancellationToken);
            var checks = new CiChecks(workspace, catalog, session.BuiltInCatalog.Contains, c =>
            {
                Console.WriteLine($"{(c.Passed ? "pass" : "FAIL")}  {c.Suite,-10} {c.Name} ({c.Seconds:0.0}s)");
                if (c.Failure is { } failure)
                {
                    Console.WriteLine(string.Join("\n", failure.Split('\n').Select(l => "      " + l)));
                }
            });
            var cases = await checks.RunAsync(cancellationToken);
            if (parse.GetValue(junit) is { } file)
            {
                var path = Path.GetFullPath(file);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                JUnitReport.Of(cases).Save(path);
            }

            var failed = cases.Count(c => !c.Passed);
            Console.WriteLine(cases.Count == 0
                ? "nothing to check: no pipelines/, components/ or gates/ in this workspace"
                : $"{cases.Count - failed} passed, {failed} failed");
            return failed == 0 ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }
}
