using Microsoft.Data.Analysis;
using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

/// <summary>Splitting by group and by time, and assigning folds, on real data.</summary>
public sealed class SplitTests
{
    private static readonly string Diamonds = DataFile("diamonds", "diamonds.csv");

    [Fact]
    public async Task A_group_split_never_puts_one_group_on_both_sides()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync($"  load: {{ component: data.read-csv@1, params: {{ path: {Diamonds} }} }}\n  split: {{ component: data.split@1, inputs: {{ table: load.table }}, params: {{ group: clarity, test_fraction: 0.25, seed: 3 }} }}");
        var train = (await h.TableAsync(result, "split", "train")).Columns["clarity"].Cast<string>().ToHashSet();
        var test = (await h.TableAsync(result, "split", "test")).Columns["clarity"].Cast<string>().ToHashSet();
        Assert.Empty(train.Intersect(test));
        Assert.NotEmpty(test);
    }

    [Fact]
    public async Task A_time_split_puts_the_latest_rows_in_test_in_their_order()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("t.csv", "day,v\n" + string.Join("\n", Enumerable.Range(0, 50).Select(i => $"2026-01-{50 - i:00},{i}".Replace("2026-01-", "2026-" + ((50 - i) / 28 + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture) + "-", StringComparison.Ordinal))) + "\n");
        var result = await h.RunOkAsync("  load: { component: data.read-csv@1, params: { path: t.csv } }\n  split: { component: data.split@1, inputs: { table: load.table }, params: { time_column: day, test_fraction: 0.2 } }");
        var train = (await h.TableAsync(result, "split", "train")).Columns["day"].Cast<string>().ToList();
        var test = (await h.TableAsync(result, "split", "test")).Columns["day"].Cast<string>().ToList();
        Assert.Equal(10, test.Count);
        Assert.True(string.CompareOrdinal(train.Max(), test.Min()) <= 0, $"latest train {train.Max()} after earliest test {test.Min()}");
    }

    [Fact]
    public async Task Stratified_folds_keep_each_class_share_and_group_folds_keep_groups_whole()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(
            $"  load: {{ component: data.read-csv@1, params: {{ path: {DataFile("telco-churn", "telco_churn.csv")} }} }}\n" +
            "  folds: { component: data.kfold@1, inputs: { table: load.table }, params: { k: 5, stratify: churn, seed: 1 } }\n" +
            "  groups: { component: data.kfold@1, inputs: { table: load.table }, params: { k: 3, group: payment_method, column: part } }");
        var table = await h.TableAsync(result, "folds");
        var rows = table.Columns["fold"].Cast<double?>().Zip(table.Columns["churn"].Cast<string>(), (f, c) => (Fold: f!.Value, Churn: c)).ToList();
        Assert.Equal([1.0, 2, 3, 4, 5], rows.Select(r => r.Fold).Distinct().Order());
        foreach (var fold in rows.GroupBy(r => r.Fold))
        {
            Assert.InRange(fold.Count(), 1408, 1409);
            Assert.InRange(fold.Count(r => r.Churn == "Yes"), 373, 374);
        }

        var grouped = await h.TableAsync(result, "groups");
        var byMethod = grouped.Columns["payment_method"].Cast<string>().Zip(grouped.Columns["part"].Cast<double?>()).GroupBy(p => p.First);
        Assert.All(byMethod, g => Assert.Single(g.Select(p => p.Second).Distinct()));
    }

    [Fact]
    public async Task Two_split_modes_at_once_are_refused()
    {
        await using var h = await CreateAsync();
        var result = await h.RunAsync($"  load: {{ component: data.read-csv@1, params: {{ path: {Diamonds} }} }}\n  split: {{ component: data.split@1, inputs: {{ table: load.table }}, params: {{ group: clarity, stratify: cut }} }}");
        Assert.Contains("give at most one of stratify, group and time_column", result.Run.Error);
    }

    [Fact]
    public async Task Folds_by_group_need_at_least_as_many_groups_as_folds()
    {
        await using var h = await CreateAsync();
        var result = await h.RunAsync($"  load: {{ component: data.read-csv@1, params: {{ path: {DataFile("penguins", "penguins.csv")} }} }}\n  folds: {{ component: data.kfold@1, inputs: {{ table: load.table }}, params: {{ k: 5, group: island }} }}");
        Assert.Contains("column 'island' has 3 distinct value(s), too few to fill 5 folds", result.Run.Error);
        var missing = await h.RunAsync($"  load: {{ component: data.read-csv@1, params: {{ path: {DataFile("penguins", "penguins.csv")} }} }}\n  folds: {{ component: data.kfold@1, inputs: {{ table: load.table }}, params: {{ stratify: kind }} }}");
        Assert.Contains("column 'kind' is not in the table", missing.Run.Error);
    }
}
