using System.Text.Json.Nodes;
using Loom.Serving.Hosting;

namespace Loom.Serving.Tests;

/// <summary>What a client may get wrong, each answered with problem+json that names the field (or says what is too big), and overload refused with Retry-After.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task A_wrong_type_a_missing_or_unknown_field_malformed_json_and_oversized_requests_are_refused_with_what_and_where()
    {
        await using var workspace = await ServingWorkspace.CreateAsync();
        var (version, _) = await workspace.RegisterAsync(20);
        await workspace.PromoteAsync(version);
        await using var client = await ServingClient.StartAsync(workspace, new ServingOptions { MaxBatchRows = 10, MaxBodyBytes = 64 << 10 });
        var fields = (await client.GetJsonAsync("/v1/models/churn"))["fields"]!.AsArray();
        var (header, lines) = Rows.Read(workspace.DataFile);
        JsonObject Row(int i) => Rows.Json(header, lines[i], fields);
        const string Predict = "/v1/models/churn/predict";

        var wrongType = Row(0);
        wrongType["tenure"] = "twelve";
        var refused = Refused(400, await client.PostAsync(Predict, wrongType.ToJsonString()), "field 'tenure': expected a number (or null when missing), found text \"twelve\"");
        Assert.Equal(("tenure", 0), (refused["errors"]![0]!["field"]!.GetValue<string>(), refused["errors"]![0]!["row"]!.GetValue<int>()));
        var missing = Row(0);
        missing.Remove("contract");
        Refused(400, await client.PostAsync(Predict, missing.ToJsonString()), "field 'contract': the field is missing; the model reads it (text (or null when missing))");
        var unknown = Row(0);
        unknown["churn"] = "Yes";
        Refused(400, await client.PostAsync(Predict, unknown.ToJsonString()), "field 'churn': the model reads no field 'churn'; its fields are ");
        var textForNumber = Row(0);
        textForNumber["contract"] = 3;
        Refused(400, await client.PostAsync(Predict, textForNumber.ToJsonString()), "field 'contract': expected text (or null when missing), found the number 3");

        var batch = new JsonArray(Row(0), Row(1), Row(2));
        batch[2]!["monthly_charges"] = true;
        batch[1]!["tenure"] = new JsonArray();
        var many = Refused(400, await client.PostAsync(Predict, batch.ToJsonString()), "row 1, field 'tenure': expected a number (or null when missing), found an array (and 1 more; see 'errors')");
        Assert.Equal([1, 2], many["errors"]!.AsArray().Select(e => e!["row"]!.GetValue<int>()));

        Refused(400, await client.PostAsync(Predict, "{\"tenure\": 1,"), "the body is not valid JSON");
        Refused(400, await client.PostAsync(Predict, "[]"), "the batch is empty");
        Refused(400, await client.PostAsync(Predict, "42"), "the body must be one row (a JSON object of field to value) or a batch");
        Refused(400, await client.PostAsync(Predict, "[1]"), "a row must be a JSON object of field to value, found the number 1");
        Refused(415, await client.PostAsync(Predict, "tenure=1", "text/plain"), "send rows as application/json");
        Refused(400, await client.PostAsync(Predict, "", "text/csv"), "the CSV is empty");
        Refused(400, await client.PostAsync(Predict, "tenure,contract\n1,Month-to-month\n", "text/csv"), "the column is missing");
        Refused(413, await client.PostAsync(Predict, new JsonArray([.. Enumerable.Range(0, 11).Select(i => (JsonNode)Row(i))]).ToJsonString()), "the batch has 11 rows; at most 10");
        Refused(413, await client.PostAsync(Predict, Rows.Csv(header, lines.Take(11)), "text/csv"), "the CSV has more than 10 rows");
        Refused(413, await client.PostAsync(Predict, "[" + string.Join(",", Enumerable.Repeat(Row(0).ToJsonString(), 400)) + "]"), "the body is larger than 65536 bytes");
        Refused(404, await client.PostAsync("/v1/models/churn2/predict", Row(0).ToJsonString()), "this host serves no model 'churn2'; it serves churn");

        // Refusals do not hurt the next request.
        Assert.Equal(200, (await client.PostAsync(Predict, Row(0).ToJsonString())).Status);
    }

    [Fact]
    public async Task Requests_beyond_the_concurrency_and_queue_limits_get_503_with_retry_after_and_the_rest_are_answered()
    {
        await using var workspace = await ServingWorkspace.CreateAsync();
        var (version, _) = await workspace.RegisterAsync(20);
        await workspace.PromoteAsync(version);
        await using var client = await ServingClient.StartAsync(workspace, new ServingOptions { MaxConcurrency = 1, QueueLimit = 1, MaxBatchRows = 20_000 });
        var (header, lines) = Rows.Read(workspace.DataFile);
        var body = Rows.Csv(header, lines);

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.PostAsync("/v1/models/churn/predict", body, "text/csv")));
        Assert.All(answers, a => Assert.True(a.Status is 200 or 503, $"{a.Status}: {a.Body}"));
        Assert.Contains(answers, a => a.Status == 200);
        var overloaded = answers.First(a => a.Status == 503);
        Assert.Equal("1", overloaded.Response.Headers.RetryAfter?.ToString());
        Refused(503, overloaded, "requests are being scored and 1 are waiting; try again in a second");
    }

    private static JsonNode Refused(int status, (int Status, JsonNode? Body, HttpResponseMessage Response) answer, string detailPart)
    {
        Assert.True(answer.Status == status, $"expected {status}, got {answer.Status}: {answer.Body}");
        Assert.Equal("application/problem+json", answer.Response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detailPart, answer.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        return answer.Body;
    }
}
