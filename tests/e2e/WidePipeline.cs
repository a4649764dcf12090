using System.Text;

namespace Loom.E2E.Tests;

/// <summary>A large pipeline over the telco data, for the browser tests and the builder's benchmark.</summary>
public static class WidePipeline
{
    /// <summary>Steps in <see cref="Yaml"/>: load, split, then 29 trainers each with its evaluation.</summary>
    public const int Steps = 60;

    /// <summary>Edges in <see cref="Yaml"/>: one into split, one into each trainer, two into each evaluation.</summary>
    public const int Edges = 88;

    /// <summary>The pipeline document, as YAML.</summary>
    public static string Yaml(string name)
    {
        var yaml = new StringBuilder($"apiVersion: loom/v1\nkind: Pipeline\nname: {name}\nsteps:\n");
        yaml.Append("  load: { component: data.read-csv@1, params: { path: data/telco_churn.csv } }\n");
        yaml.Append("  split: { component: data.split@1, inputs: { table: load.table }, params: { stratify: churn } }\n");
        for (var i = 1; i <= 29; i++)
        {
            yaml.Append($"  train_{i}: {{ component: train.lightgbm-binary@1, inputs: {{ table: split.train }}, params: {{ label: churn, positive: \"Yes\", num_leaves: {8 + i} }} }}\n");
            yaml.Append($"  evaluate_{i}: {{ component: evaluate.binary@1, inputs: {{ model: train_{i}.model, table: split.test }} }}\n");
        }

        return yaml.ToString();
    }
}
