using System.Text.Json.Nodes;

namespace Loom.Server.Tests;

/// <summary>Pipeline documents tests create over the API: the telco example's steps under a name of their own.</summary>
public static class PipelineDocuments
{
    /// <summary>A pipeline that reads, splits, trains (with that many boosting rounds) and evaluates the telco data.</summary>
    public static JsonObject New(string name, int iterations = 50) => new()
    {
        ["apiVersion"] = "loom/v1",
        ["kind"] = "Pipeline",
        ["name"] = name,
        ["parameters"] = new JsonObject { ["data"] = new JsonObject { ["type"] = "string", ["default"] = "data/telco_churn.csv" } },
        ["steps"] = new JsonObject
        {
            ["load"] = new JsonObject { ["component"] = "data.read-csv@1", ["params"] = new JsonObject { ["path"] = "${params.data}" } },
            ["split"] = new JsonObject { ["component"] = "data.split@1", ["inputs"] = new JsonObject { ["table"] = "load.table" }, ["params"] = new JsonObject { ["test_fraction"] = 0.25, ["stratify"] = "churn" } },
            ["train"] = new JsonObject { ["component"] = "train.lightgbm-binary@1", ["inputs"] = new JsonObject { ["table"] = "split.train" }, ["params"] = new JsonObject { ["label"] = "churn", ["positive"] = "Yes", ["iterations"] = iterations } },
            ["evaluate"] = new JsonObject { ["component"] = "evaluate.binary@1", ["inputs"] = new JsonObject { ["model"] = "train.model", ["table"] = "split.test" } },
        },
        ["outputs"] = new JsonObject { ["metrics"] = "evaluate.metrics" },
    };
}
