using System.Globalization;
using Loom.Sdk;
using Loom.Sdk.Tables;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;

namespace Examples.RetentionOffers;

/// <summary>
/// A business-rule post-processor: turns a churn model's probabilities into the retention offer each customer gets,
/// with the reason, by rules the business sets as parameters.
/// </summary>
[Component(
    "examples.retention-offers",
    "1.0.0",
    Category = "score",
    Description = "Decides the retention offer for each scored customer: 'call' when the churn probability is at least call_above and the customer's value at least min_value_for_call, 'email' when the probability is at least email_above, else 'none'; the reason goes in 'offer_reason'. Streams the table.",
    Example = "offers: { component: examples.retention-offers@1, inputs: { table: score.table }, params: { call_above: 0.6, email_above: 0.3, min_value_for_call: 50 } }")]
[Input("table", ArtifactKind.Table, Description = "Scored rows: a churn probability column and a customer value column.")]
[Output("table", ArtifactKind.Table, Description = "The rows, in the same order, with 'offer' and 'offer_reason' appended.")]
public sealed class RetentionOffers : IComponent
{
    /// <summary>The column holding the probability of churn.</summary>
    [Parameter("probability_column", Description = "The column holding the probability of churn (from score.model).")]
    public string ProbabilityColumn { get; set; } = "Probability";

    /// <summary>The column holding what the customer is worth.</summary>
    [Parameter("value_column", Description = "The column holding the customer's value, such as monthly charges.")]
    public string ValueColumn { get; set; } = "monthly_charges";

    /// <summary>Probability from which a valuable customer gets a call.</summary>
    [Parameter("call_above", Min = 0, Max = 1, Description = "Churn probability from which a valuable customer gets a call.")]
    public double CallAbove { get; set; } = 0.6;

    /// <summary>Probability from which a customer gets an email.</summary>
    [Parameter("email_above", Min = 0, Max = 1, Description = "Churn probability from which a customer gets an email offer.")]
    public double EmailAbove { get; set; } = 0.3;

    /// <summary>Value from which a customer is worth a call.</summary>
    [Parameter("min_value_for_call", Min = 0, Max = 1e9, Description = "Customer value from which a call is worth making.")]
    public double MinValueForCall { get; set; } = 50;

    /// <inheritdoc/>
    public async Task ExecuteAsync(IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await CheckAsync(context);

        var counts = new Dictionary<string, long> { ["call"] = 0, ["email"] = 0, ["none"] = 0 };
        await context.MapTableAsync("table", "table", batch =>
        {
            var probabilities = batch.Columns[ProbabilityColumn];
            var values = batch.Columns[ValueColumn];
            var offers = new StringDataFrameColumn("offer", batch.Rows.Count);
            var reasons = new StringDataFrameColumn("offer_reason", batch.Rows.Count);
            for (var i = 0; i < batch.Rows.Count; i++)
            {
                var (offer, reason) = Decide(Convert.ToDouble(probabilities[i], CultureInfo.InvariantCulture), Convert.ToDouble(values[i], CultureInfo.InvariantCulture));
                offers[i] = offer;
                reasons[i] = reason;
                counts[offer]++;
            }

            var output = batch.Clone();
            output.Columns.Add(offers);
            output.Columns.Add(reasons);
            return output;
        });
        context.Logger.LogInformation("offers: {Call} call(s), {Email} email(s), {None} none", counts["call"], counts["email"], counts["none"]);
    }

    /// <summary>The rules, in order; a missing probability gets no offer.</summary>
    private (string Offer, string Reason) Decide(double probability, double value)
    {
        if (double.IsNaN(probability))
        {
            return ("none", "no churn probability");
        }

        var p = probability.ToString("0.00", CultureInfo.InvariantCulture);
        if (probability >= CallAbove && value >= MinValueForCall)
        {
            return ("call", $"churn probability {p} >= {CallAbove.ToString(CultureInfo.InvariantCulture)} and value {value.ToString(CultureInfo.InvariantCulture)} >= {MinValueForCall.ToString(CultureInfo.InvariantCulture)}");
        }

        return probability >= EmailAbove
            ? ("email", $"churn probability {p} >= {EmailAbove.ToString(CultureInfo.InvariantCulture)}")
            : ("none", $"churn probability {p} < {EmailAbove.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>Checks the rules and the table's columns before any work.</summary>
    private async Task CheckAsync(IComponentContext context)
    {
        if (EmailAbove > CallAbove)
        {
            throw new DataException($"step '{context.StepName}': 'email_above' ({EmailAbove.ToString(CultureInfo.InvariantCulture)}) must not be above 'call_above' ({CallAbove.ToString(CultureInfo.InvariantCulture)}): the rules go from the strongest offer down");
        }

        await using var reader = await context.OpenTableAsync("table");
        var first = await reader.ReadFirstBatchAsync(context.CancellationToken);
        foreach (var (parameter, column) in new[] { ("probability_column", ProbabilityColumn), ("value_column", ValueColumn) })
        {
            if (first.Columns.IndexOf(column) < 0)
            {
                throw new DataException($"step '{context.StepName}', '{parameter}': the table has no column '{column}'; its columns are {string.Join(", ", reader.ColumnNames)}");
            }

            if (first.Columns[column] is not (DoubleDataFrameColumn or SingleDataFrameColumn))
            {
                throw new DataException($"step '{context.StepName}', '{parameter}': column '{column}' does not hold numbers");
            }
        }

        if (reader.ColumnNames.FirstOrDefault(c => c is "offer" or "offer_reason") is { } taken)
        {
            throw new DataException($"step '{context.StepName}': the table already has a column '{taken}'");
        }
    }
}
