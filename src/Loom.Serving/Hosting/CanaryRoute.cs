using System.Globalization;
using Loom.Sdk;

namespace Loom.Serving.Hosting;

/// <summary>A candidate version that answers a share of a served model's requests: <c>churn@staging=10</c> sends 10% of churn's requests to what staging points at.</summary>
/// <param name="Candidate">The candidate; its name is the served model's.</param>
/// <param name="Percent">The share of requests it answers, from 0 to 100.</param>
public sealed record CanaryRoute(ModelReference Candidate, double Percent)
{
    /// <exception cref="LoomException">The text is not NAME@SELECTOR=PERCENT with a percent from 0 to 100.</exception>
    public static CanaryRoute Parse(string text)
    {
        var equals = text.LastIndexOf('=');
        if (equals < 0 || !double.TryParse(text[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || percent is < 0 or > 100 || double.IsNaN(percent))
        {
            throw new LoomException($"--canary '{text}' must be NAME@ALIAS=PERCENT (or NAME@VERSION=PERCENT), such as churn@staging=10, with a percent from 0 to 100");
        }

        return new CanaryRoute(ModelReference.Parse(text[..equals]), percent);
    }

    /// <summary>As given on the command line: NAME@SELECTOR=PERCENT.</summary>
    public override string ToString() => $"{Candidate}={Percent.ToString(CultureInfo.InvariantCulture)}";
}
