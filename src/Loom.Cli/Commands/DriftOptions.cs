using System.CommandLine;
using System.Globalization;
using Loom.Sdk;
using Loom.Serving.Monitoring;

namespace Loom.Cli.Commands;

/// <summary>The options of <c>loom serve</c> that say when a served version's traffic counts as drifted from its training data.</summary>
internal sealed class DriftOptions
{
    private static readonly HealthThresholds Defaults = new();

    private readonly Option<double> psi = Number("--drift-psi", "A field whose population stability index is above this has drifted.", Defaults.Psi);
    private readonly Option<double> pValue = Number("--drift-p-value", "A field whose KS (numbers) or chi-square (categories) p-value is below this has drifted, where its PSI is at least 0.1.", Defaults.PValue);
    private readonly Option<double> missing = Number("--drift-missing", "A field whose share of missing values is above the training data's by more than this has drifted.", Defaults.MissingIncrease);
    private readonly Option<double> unseen = Number("--drift-unseen", "A categorical field whose share of categories never seen in training is above this has drifted.", Defaults.Unseen);
    private readonly Option<int> window = new("--drift-window") { Description = "Rows of recent traffic each version's health is judged on.", DefaultValueFactory = _ => Defaults.WindowRows, HelpName = "ROWS" };
    private readonly Option<int> minRows = new("--drift-min-rows") { Description = "Rows a window needs before it is judged (until then the health is 'collecting').", DefaultValueFactory = _ => Defaults.MinRows, HelpName = "ROWS" };

    public IEnumerable<Option> All => [psi, pValue, missing, unseen, window, minRows];

    /// <exception cref="LoomException">A threshold is out of its range.</exception>
    public HealthThresholds Read(ParseResult parse)
    {
        var windowRows = Whole(parse.GetValue(window), "--drift-window", 10, 1_000_000);
        return new HealthThresholds
        {
            Psi = Share(parse.GetValue(psi), "--drift-psi", 10),
            PValue = Share(parse.GetValue(pValue), "--drift-p-value", 1),
            MissingIncrease = Share(parse.GetValue(missing), "--drift-missing", 1),
            Unseen = Share(parse.GetValue(unseen), "--drift-unseen", 1),
            WindowRows = windowRows,
            MinRows = Whole(parse.GetValue(minRows), "--drift-min-rows", 1, windowRows),
        };
    }

    private static Option<double> Number(string name, string description, double value) =>
        new(name) { Description = description, DefaultValueFactory = _ => value, HelpName = "NUMBER" };

    private static double Share(double value, string option, double most) =>
        value > 0 && value <= most ? value : throw new LoomException($"{option} must be a number above 0 and at most {most.ToString(CultureInfo.InvariantCulture)}, found {value.ToString(CultureInfo.InvariantCulture)}");

    private static int Whole(int value, string option, int least, int most) =>
        value >= least && value <= most ? value : throw new LoomException($"{option} must be a whole number from {least} to {most}, found {value}");
}
