namespace Loom.Serving.Tests;

/// <summary>One host serving two different models: each answers with its own schema, task, version and health.</summary>
public sealed class MultiModelTests
{
    [Fact]
    public async Task A_binary_and_a_multiclass_model_are_served_side_by_side_each_checking_its_own_fields()
    {
        await using var workspace = await ServingWorkspace.CreateAsync();
        var (churn, _) = await workspace.RegisterAsync(20);
        await workspace.PromoteAsync(churn);
        var species = await workspace.RegisterPenguinsAsync();
        await using var client = await ServingClient.StartAsync(workspace, null, "churn@production", "species");

        var listed = (await client.GetJsonAsync("/v1/models"))["models"]!.AsArray();
        Assert.Equal(["churn", "species"], listed.Select(m => m!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var ready = (await client.GetJsonAsync("/readyz"))["models"]!;
        Assert.Equal((churn, species), (ready["churn"]!.GetValue<int>(), ready["species"]!.GetValue<int>()));

        var speciesModel = await client.GetJsonAsync("/v1/models/species");
        Assert.Equal(("multiclass", "species"), (speciesModel["task"]!.GetValue<string>(), speciesModel["label"]!.GetValue<string>()));
        var (penguinHeader, penguins) = Rows.Read(workspace.PenguinsFile);
        var (status, answer, _) = await client.PostAsync("/v1/models/species/predict", Rows.Csv(penguinHeader, penguins), "text/csv");
        Assert.True(status == 200, answer?.ToJsonString());
        var predicted = answer!["predictions"]!.AsArray().Select(p => p!["prediction"]!.GetValue<string>()).ToList();
        Assert.Equal(penguins.Count, predicted.Count);
        Assert.Equal(["Adelie", "Chinstrap", "Gentoo"], predicted.Distinct().Order(StringComparer.Ordinal));
        var right = penguins.Select((line, i) => line[Array.IndexOf(penguinHeader, "species")] == predicted[i]).Count(r => r);
        Assert.InRange((double)right / penguins.Count, 0.9, 1);

        var (churnHeader, customers) = Rows.Read(workspace.DataFile);
        var churnFields = (await client.GetJsonAsync("/v1/models/churn"))["fields"]!.AsArray();
        var (churnStatus, churnAnswer, _) = await client.PostAsync("/v1/models/churn/predict", Rows.Json(churnHeader, customers[0], churnFields).ToJsonString());
        Assert.True(churnStatus == 200, churnAnswer?.ToJsonString());
        Assert.Contains(churnAnswer!["prediction"]!.GetValue<string>(), new[] { "Yes", "No" });

        // A customer sent to the penguin model is refused, naming the penguin fields it lacks and the customer fields it has.
        var (wrong, problem, _) = await client.PostAsync("/v1/models/species/predict", Rows.Json(churnHeader, customers[0], churnFields).ToJsonString());
        Assert.Equal(400, wrong);
        var errors = problem!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("island", errors);
        Assert.Contains("tenure", errors);

        // Each version is judged against its own training data.
        var churnHealth = (await client.GetJsonAsync("/v1/models/churn/health"))["report"]!;
        Assert.Equal(("collecting", 1), (churnHealth["status"]!.GetValue<string>(), churnHealth["window_rows"]!.GetValue<int>()));
        var speciesHealth = (await client.GetJsonAsync("/v1/models/species/health"))["report"]!;
        Assert.True(speciesHealth["status"]!.GetValue<string>() == "ok", speciesHealth.ToJsonString());
        Assert.Equal(penguins.Count, speciesHealth["window_rows"]!.GetValue<int>());
        Assert.InRange(speciesHealth["baseline_rows"]!.GetValue<long>(), 250, 300);
        Assert.Contains(speciesHealth["fields"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "flipper_length_mm");
    }
}
