using System.Reflection;
using Loom.Components.Training;
using Loom.Sdk;
using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

/// <summary>Every trainer refuses an empty table, a missing label column and a label with no values, naming the step.</summary>
public sealed class TrainerBadInputTests
{
    public static TheoryData<string> Supervised()
    {
        var data = new TheoryData<string>();
        foreach (var type in typeof(BuiltInComponents).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(SupervisedTrainer).IsAssignableFrom(t)))
        {
            data.Add(type.GetCustomAttribute<ComponentAttribute>()!.Name);
        }

        return data;
    }

    private static string Steps(string trainer, string filter, string label, string extra = "") =>
        $"  load: {{ component: data.read-csv@1, params: {{ path: {DataFile("penguins", "penguins.csv")} }} }}\n" +
        $"  rows: {{ component: table.derive@1, inputs: {{ table: load.table }}, params: {{ column: nothing, expression: 'species == \"none\" ? 1.0d : 0.0d / 0.0d' }} }}\n" +
        $"  some: {{ component: table.filter@1, inputs: {{ table: rows.table }}, params: {{ expression: '{filter}' }} }}\n" +
        $"  train: {{ component: {trainer}@1, inputs: {{ table: some.table }}, params: {{ label: {label}{(trainer.Contains("ranking", StringComparison.Ordinal) ? ", group: island" : "")}{extra} }} }}";

    [Theory]
    [MemberData(nameof(Supervised))]
    public async Task A_trainer_refuses_empty_tables_missing_labels_and_labels_without_values(string trainer)
    {
        await using var h = await CreateAsync();
        var label = trainer.EndsWith("-regression", StringComparison.Ordinal) || trainer.Contains("ranking", StringComparison.Ordinal) ? "year" : "species";

        var empty = await h.RunAsync(Steps(trainer, "body_mass_g < 0", label));
        Assert.Contains("step 'train'", empty.Run.Error);
        Assert.Matches("has no rows|has no values|has 0 class", empty.Run.Error);

        var missing = await h.RunAsync(Steps(trainer, "body_mass_g > 0", "weight"));
        Assert.Contains("'weight' is not in the table", missing.Run.Error);

        var noValues = await h.RunAsync(Steps(trainer, "body_mass_g > 0", "nothing"));
        Assert.Contains("step 'train'", noValues.Run.Error);
        Assert.Matches("every row has a missing label|has no values|has 0 class|needs relevance grades|regression needs a numeric label", noValues.Run.Error);
    }
}
