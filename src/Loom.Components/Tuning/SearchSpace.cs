using System.Globalization;
using Loom.Sdk;

namespace Loom.Components.Tuning;

/// <summary>The trainer parameters a search varies, each over the range its declaration gives.</summary>
internal sealed class SearchSpace
{
    private readonly List<ParameterManifest> parameters;

    private SearchSpace(List<ParameterManifest> parameters) => this.parameters = parameters;

    public IReadOnlyList<string> Names => parameters.Select(p => p.Name).ToList();

    /// <summary>The named parameters, or by default every parameter with a declared search range not fixed by the step.</summary>
    public static SearchSpace Of(TrainerSpec trainer, IReadOnlyList<string> names, string step)
    {
        var chosen = names.Count == 0
            ? trainer.Manifest.Parameters.Where(p => p.Search is not null && !trainer.Fixed.ContainsKey(p.Name)).ToList()
            : names.Select(n => trainer.Manifest.FindParameter(n) ?? throw new DataException($"step '{step}', 'search': {trainer.Manifest.Name} has no parameter '{n}'")).ToList();
        foreach (var p in chosen.Where(p => p.Search is null))
        {
            throw new DataException($"step '{step}', 'search': parameter '{p.Name}' of {trainer.Manifest.Name} declares no search range; the searchable ones are {string.Join(", ", trainer.Manifest.Parameters.Where(q => q.Search is not null).Select(q => q.Name))}");
        }

        return chosen.Count > 0 ? new SearchSpace(chosen)
            : throw new DataException($"step '{step}': {trainer.Manifest.Name} has no parameter to search (none declares a search range, or all are fixed by trainer_params)");
    }

    /// <summary>Draws one configuration.</summary>
    public Dictionary<string, object?> Sample(Random random)
    {
        var values = new Dictionary<string, object?>();
        foreach (var p in parameters)
        {
            var (min, max, log) = (p.Search!.Min, p.Search.Max, p.Search.Log);
            var x = log ? Math.Exp(Math.Log(min) + (random.NextDouble() * (Math.Log(max) - Math.Log(min)))) : min + (random.NextDouble() * (max - min));
            values[p.Name] = p.Type == ParameterType.Integer ? (object)(long)Math.Round(x) : Significant(x);
        }

        return values;
    }

    /// <summary>Six significant digits: short to read in the trial table, fine enough at the low end of a log range.</summary>
    private static double Significant(double x) => x == 0 ? 0 : double.Parse(x.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Describe(IReadOnlyDictionary<string, object?> values) =>
        string.Join(", ", values.Select(v => $"{v.Key}={Convert.ToString(v.Value, CultureInfo.InvariantCulture)}"));
}
