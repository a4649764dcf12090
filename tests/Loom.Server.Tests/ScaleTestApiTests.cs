using Loom.Scale;

namespace Loom.Server.Tests;

public sealed class ScaleTestApiTests
{
    [Fact]
    public async Task Scale_reports_are_listed_shown_and_served_as_a_page_and_unknown_ids_are_404()
    {
        await using var server = await ServerHarness.StartAsync();
        Assert.Empty((await server.GetJsonAsync("/api/scale-tests"))["items"]!.AsArray());
        await ScaleReportStore.SaveAsync(server.Workspace, ScaleReports.Failed("s20261207090000-aaaaaa", "telco-churn", DateTimeOffset.UtcNow.AddHours(-1)), CancellationToken.None);
        await ScaleReportStore.SaveAsync(server.Workspace, ScaleReports.Failed("s20261207100000-bbbbbb", "other", DateTimeOffset.UtcNow), CancellationToken.None);

        var list = (await server.GetJsonAsync("/api/scale-tests"))["items"]!.AsArray();
        Assert.Equal(["s20261207100000-bbbbbb", "s20261207090000-aaaaaa"], list.Select(r => r!["id"]!.GetValue<string>()));
        Assert.Single((await server.GetJsonAsync("/api/scale-tests?pipeline=telco-churn"))["items"]!.AsArray());

        var one = await server.GetJsonAsync("/api/scale-tests/s20261207090000-aaaaaa");
        Assert.False(one["passed"]!.GetValue<bool>());
        Assert.Equal(70430, one["scales"]![1]!["data_rows"]!.GetValue<long>());
        Assert.Equal("linear", one["growth"]![0]!["shape"]!.GetValue<string>());

        using var page = await server.Client.GetAsync("/api/scale-tests/s20261207090000-aaaaaa/report");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<p id=\"verdict\" class=\"fail\">Failed</p>", html, StringComparison.Ordinal);
        Assert.Contains("SLA max_wall 10.0 s not met at x10: 20.1 s", html, StringComparison.Ordinal);

        foreach (var missing in new[] { "/api/scale-tests/s20990101000000-cccccc", "/api/scale-tests/..%2F..%2Floom.yaml/report", "/api/scale-tests/s1/report" })
        {
            Problems.Assert(404, await server.SendAsync(HttpMethod.Get, missing), "no scale test");
        }
    }
}
