using Loom.Sdk;
using Loom.Sdk.Testing;
using Microsoft.Data.Analysis;

namespace Examples.RetentionOffers.Tests;

/// <summary>The offer rules on real scored customers (the telco example's model on its test rows).</summary>
public sealed class RetentionOffersTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("retention-offers-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Likely_leavers_worth_a_call_get_one_other_likely_leavers_an_email_and_the_reason_says_why()
    {
        var context = await new FolderContext(folder).WithTableAsync("table", Scored());

        await new RetentionOffers().ExecuteAsync(context);

        var output = await context.OutputTableAsync("table");
        var offers = output.Columns["offer"].Cast<string>().ToList();
        var reasons = output.Columns["offer_reason"].Cast<string>().ToList();
        Assert.Equal(30, offers.Count);
        Assert.Equal(new[] { 4, 7, 19 }, new[] { "call", "email", "none" }.Select(o => offers.Count(x => x == o)));
        Assert.Equal("call", offers[6]);
        Assert.Equal("churn probability 0.63 >= 0.6 and value 95.45 >= 50", reasons[6]);
        Assert.Equal("email", offers[22]);
        Assert.Equal("churn probability 0.88 >= 0.3", reasons[22]);
        Assert.Equal(("none", "churn probability 0.21 < 0.3"), (offers[0], reasons[0]));
    }

    [Fact]
    public async Task Rules_out_of_order_or_a_missing_column_are_refused_before_any_work()
    {
        var context = await new FolderContext(folder).WithTableAsync("table", Scored());

        var order = await Assert.ThrowsAsync<DataException>(() => new RetentionOffers { EmailAbove = 0.7, CallAbove = 0.5 }.ExecuteAsync(context));
        Assert.StartsWith("step 'step': 'email_above' (0.7) must not be above 'call_above' (0.5)", order.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<DataException>(() => new RetentionOffers { ValueColumn = "total_charges" }.ExecuteAsync(context));
        Assert.Equal("step 'step', 'value_column': the table has no column 'total_charges'; its columns are contract, tenure, monthly_charges, churn, Probability", missing.Message);
        Assert.Empty(context.Outputs);
    }

    private static DataFrame Scored() => DataFrame.LoadCsv(
        Path.Combine(AppContext.BaseDirectory, "data", "scored.csv"),
        dataTypes: [typeof(string), typeof(double), typeof(double), typeof(string), typeof(double)]);
}
