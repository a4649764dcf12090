using System.CommandLine;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Pipelines.Validation;
using Loom.Sdk;

namespace Loom.Cli.Commands;

/// <summary><c>loom pipelines validate FILE…</c>: checks pipeline documents without running them; versions and pins too.</summary>
internal static class PipelinesCommand
{
    public static Command Create()
    {
        var command = new Command("pipelines", "Work with pipeline documents.");
        var files = new Argument<string[]>("files") { Description = "Pipeline documents to check.", Arity = ArgumentArity.OneOrMore };
        var validate = new Command("validate", "Check pipeline documents completely (syntax, components, ports, types, parameters, cycles) and print every error with file:line.") { files };
        validate.SetAction(async (parse, cancellationToken) =>
        {
            var catalog = await new CliSession(parse).CatalogHereAsync(cancellationToken);
            var failed = 0;
            foreach (var file in parse.GetValue(files)!)
            {
                try
                {
                    var plan = PipelinePlanner.Plan(PipelineParser.ParseFile(file), catalog, requireValues: false);
                    Console.WriteLine($"{file}: ok ({plan.Steps.Count} steps, version {plan.Version[..12]})");
                    CliSession.WarnDeprecated(plan);
                }
                catch (PipelineValidationException e)
                {
                    failed++;
                    foreach (var error in e.Errors)
                    {
                        Console.Error.WriteLine(error);
                    }
                }
                catch (LoomException e)
                {
                    failed++;
                    Console.Error.WriteLine(e.Message);
                }
            }

            return failed == 0 ? ExitCodes.Ok : ExitCodes.UsageError;
        });
        command.Subcommands.Add(validate);
        foreach (var pinCommand in PipelinePinCommands.Create())
        {
            command.Subcommands.Add(pinCommand);
        }

        return command;
    }
}
