using Loom.Metadata.Records;
using Loom.Sdk;

namespace Loom.Metadata.Tests;

/// <summary>Behaviour every metadata store must have; each implementation runs these tests.</summary>
public abstract class MetadataStoreConformance
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    protected abstract Task<IMetadataStore> OpenAsync();

    private static RunRecord Run(string id, string pipeline = "p", DateTimeOffset? at = null) =>
        new(id, pipeline, new string('a', 64), "p.yaml", "yaml: text", "{\"x\":\"1\"}", RunStatus.Running, at ?? T0, null, null, null, "host:1");

    private static StepRecord Step(string run, string name) => new(run, name, "c@1.0.0", StepStatus.Pending, null, false, 0, null, null, null);

    private static ComponentVersionRecord Component(string name, string version, string content = "c1") =>
        new(name, version, "{\"name\":\"" + name + "\"}", "Acme.Flags", "Acme.Flags.dll", new string('b', 64), new string('c', 64), content, "upload", null, null, null, "{}", "ana", T0);

    private static ModelVersionRecord ModelVersion(string name) =>
        new(name, 0, "r1", "train", "model", new string('e', 64), "p", new string('a', 64), null, "{\"evaluate\":{\"auc\":0.84}}", "{}", "ana", T0);

    [Fact]
    public async Task Model_versions_are_numbered_per_model_and_an_alias_moves_only_from_its_holder_leaving_a_trail()
    {
        await using var store = await OpenAsync();
        await store.CreateRunAsync(Run("r1"), []);
        var first = await store.RegisterModelVersionAsync(ModelVersion("churn"));
        var second = await store.RegisterModelVersionAsync(ModelVersion("churn") with { GitCommit = new string('f', 40), Description = "more data", BaselineSha256 = new string('b', 64) });
        var other = await store.RegisterModelVersionAsync(ModelVersion("ames"));
        Assert.Equal((1, 2, 1), (first.Version, second.Version, other.Version));
        Assert.Equal([first, second], await store.ListModelVersionsAsync("churn"));
        Assert.Equal(3, (await store.ListModelVersionsAsync()).Count);

        Assert.True(await store.MoveModelAliasAsync(new AliasMove("churn", "production", null, 1, "promote", "ana", T0)));
        Assert.False(await store.MoveModelAliasAsync(new AliasMove("churn", "production", null, 2, "promote", "bo", T0)));
        Assert.True(await store.MoveModelAliasAsync(new AliasMove("churn", "production", 1, 2, "promote", "bo", T0.AddHours(1), "auc up", "{\"passed\":true}")));
        Assert.True(await store.MoveModelAliasAsync(new AliasMove("churn", "staging", null, 2, "promote", "bo", T0.AddHours(1))));
        Assert.Equal(new Dictionary<string, int> { ["production"] = 2, ["staging"] = 2 }, await store.GetModelAliasesAsync("churn"));
        Assert.True(await store.MoveModelAliasAsync(new AliasMove("churn", "staging", 2, null, "remove", "ana", T0.AddHours(2))));
        Assert.Equal(new Dictionary<string, int> { ["production"] = 2 }, await store.GetModelAliasesAsync("churn"));

        var trail = await store.ListAliasMovesAsync("churn");
        Assert.Equal(
            [("production", (int?)null, (int?)1, "promote"), ("production", 1, 2, "promote"), ("staging", null, 2, "promote"), ("staging", 2, null, "remove")],
            trail.Select(m => (m.Alias, m.From, m.To, m.Action)));
        Assert.Equal(("auc up", "{\"passed\":true}", "bo", T0.AddHours(1)), (trail[1].Reason, trail[1].GateJson, trail[1].Actor, trail[1].At));
        Assert.True(trail.Select(m => m.Id).SequenceEqual(trail.Select(m => m.Id).Order()));
        Assert.Empty(await store.ListAliasMovesAsync("ames"));

        await store.ApproveModelVersionAsync(new ModelApproval("churn", 2, "lead", T0, "checked the drift report"));
        Assert.Equal([new ModelApproval("churn", 2, "lead", T0, "checked the drift report")], await store.ListModelApprovalsAsync("churn"));
    }

    [Fact]
    public async Task Health_alerts_of_a_model_are_listed_newest_first_up_to_a_limit()
    {
        await using var store = await OpenAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.AddModelAlertAsync(new ModelAlert("churn", 2, $"field{i}", $"psi 0.{i + 3} > 0.2", T0.AddMinutes(i), "host:7"));
        }

        await store.AddModelAlertAsync(new ModelAlert("ames", 1, "prediction", "psi 0.5 > 0.2", T0, "host:8"));
        var alerts = await store.ListModelAlertsAsync("churn", limit: 3);
        Assert.Equal(["field4", "field3", "field2"], alerts.Select(a => a.Field));
        Assert.Equal(("churn", 2, "psi 0.7 > 0.2", T0.AddMinutes(4), "host:7"), (alerts[0].Model, alerts[0].Version, alerts[0].Rules, alerts[0].At, alerts[0].Host));
        Assert.True(alerts[0].Id > alerts[1].Id);
        Assert.Single(await store.ListModelAlertsAsync("ames"));
        Assert.Empty(await store.ListModelAlertsAsync("fraud"));
    }

    [Fact]
    public async Task Health_snapshots_are_listed_oldest_first_since_a_time_and_old_ones_are_forgotten()
    {
        await using var store = await OpenAsync();
        for (var i = 0; i < 6; i++)
        {
            await store.AddModelHealthAsync(new ModelHealthSnapshot("churn", 1 + (i / 3), T0.AddHours(i), i == 5 ? "drift" : "ok", $"{{\"n\":{i}}}"), T0);
        }

        var all = await store.ListModelHealthAsync("churn", T0);
        Assert.Equal(["{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}", "{\"n\":5}"], all.Select(s => s.Json));
        Assert.Equal((2, "drift", T0.AddHours(5)), (all[^1].Version, all[^1].Status, all[^1].At));
        Assert.Equal([4, 5], (await store.ListModelHealthAsync("churn", T0.AddHours(4))).Select(s => s.At.Hour - T0.Hour));
        Assert.Equal([3, 4, 5], (await store.ListModelHealthAsync("churn", T0, limit: 3)).Select(s => s.At.Hour - T0.Hour));

        // A snapshot written now forgets those before the time it keeps since.
        await store.AddModelHealthAsync(new ModelHealthSnapshot("churn", 2, T0.AddHours(6), "ok", "{}"), T0.AddHours(3));
        Assert.Equal([3, 4, 5, 6], (await store.ListModelHealthAsync("churn", T0)).Select(s => s.At.Hour - T0.Hour));
        Assert.Empty(await store.ListModelHealthAsync("ames", T0));
    }

    [Fact]
    public async Task Concurrent_registrations_get_one_version_each_and_one_of_concurrent_promotions_wins()
    {
        await using var store = await OpenAsync();
        await store.CreateRunAsync(Run("r1"), []);
        var registered = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.RegisterModelVersionAsync(ModelVersion("churn")))));
        Assert.Equal(Enumerable.Range(1, 16), registered.Select(v => v.Version).Order());

        var moved = await Task.WhenAll(Enumerable.Range(1, 8).Select(v => Task.Run(() => store.MoveModelAliasAsync(new AliasMove("churn", "production", null, v, "promote", $"writer{v}", T0)))));
        Assert.Single(moved, m => m);
        var winner = Array.IndexOf(moved, true) + 1;
        Assert.Equal(winner, (await store.GetModelAliasesAsync("churn"))["production"]);
        Assert.Equal([winner], (await store.ListAliasMovesAsync("churn")).Select(m => m.To));
    }

    [Fact]
    public async Task A_component_version_is_stored_once_and_never_replaced_and_only_its_deprecation_changes()
    {
        await using var store = await OpenAsync();
        var git = Component("acme.flags", "1.1.0") with { Origin = "git", Repository = "file:///repo", RepositoryPath = "components/flags", Commit = new string('d', 40) };
        Assert.True(await store.PublishComponentAsync(Component("acme.flags", "1.0.0")));
        Assert.True(await store.PublishComponentAsync(git));
        Assert.True(await store.PublishComponentAsync(Component("acme.bins", "1.0.0")));
        Assert.False(await store.PublishComponentAsync(Component("acme.flags", "1.0.0", content: "other")));

        Assert.Equal([Component("acme.flags", "1.0.0"), git], await store.ListComponentVersionsAsync("acme.flags"));
        Assert.Equal(["acme.bins", "acme.flags", "acme.flags"], (await store.ListComponentVersionsAsync()).Select(v => v.Name));

        Assert.True(await store.DeprecateComponentAsync("acme.flags", "1.0.0", "use 1.1"));
        Assert.False(await store.DeprecateComponentAsync("acme.flags", "9.0.0", "x"));
        Assert.Equal("use 1.1", (await store.ListComponentVersionsAsync("acme.flags"))[0].Deprecation);
        Assert.True(await store.DeprecateComponentAsync("acme.flags", "1.0.0", null));
        Assert.Equal(Component("acme.flags", "1.0.0"), (await store.ListComponentVersionsAsync("acme.flags"))[0]);
    }

    [Fact]
    public async Task The_pipelines_that_ran_each_version_of_a_component_are_listed()
    {
        await using var store = await OpenAsync();
        await store.CreateRunAsync(Run("r1", "churn", T0), [Step("r1", "flags") with { Component = "acme.flags@1.0.0" }, Step("r1", "load")]);
        await store.CreateRunAsync(Run("r2", "churn", T0.AddHours(1)), [Step("r2", "flags") with { Component = "acme.flags@1.0.0" }]);
        await store.CreateRunAsync(Run("r3", "prices", T0.AddHours(2)), [Step("r3", "a") with { Component = "acme.flags@1.1.0" }, Step("r3", "b") with { Component = "acme.flags-extra@1.0.0" }]);

        Assert.Equal(
            [new ComponentUse("1.0.0", "churn", 2, T0.AddHours(1)), new ComponentUse("1.1.0", "prices", 1, T0.AddHours(2))],
            await store.ListComponentUsesAsync("acme.flags"));
        Assert.Empty(await store.ListComponentUsesAsync("acme"));
    }

    [Fact]
    public async Task A_run_and_its_steps_round_trip()
    {
        await using var store = await OpenAsync();
        await store.CreateRunAsync(Run("r1"), [Step("r1", "b"), Step("r1", "a")]);
        var finished = Run("r1") with { Status = RunStatus.Failed, FinishedAt = T0.AddSeconds(3), Error = "boom", Owner = null };
        await store.UpdateRunAsync(finished);

        Assert.Equal(finished, await store.FindRunAsync("r1"));
        Assert.Equal(["b", "a"], (await store.GetStepsAsync("r1")).Select(s => s.Name));
    }

    [Fact]
    public async Task Runs_are_found_by_unique_prefix_only()
    {
        await using var store = await OpenAsync();
        await store.CreateRunAsync(Run("r-abc1"), []);
        await store.CreateRunAsync(Run("r-abc2"), []);
        await store.CreateRunAsync(Run("r-x_y"), []);

        Assert.Equal("r-abc1", (await store.FindRunAsync("r-abc1"))!.Id);
        Assert.Null(await store.FindRunAsync("r-abc"));
        Assert.Equal("r-x_y", (await store.FindRunAsync("r-x_"))!.Id);
        Assert.Null(await store.FindRunAsync("r-%"));
    }

    [Fact]
    public async Task Runs_list_newest_first_with_filters_and_paging()
    {
        await using var store = await OpenAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.CreateRunAsync(Run($"r{i}", i % 2 == 0 ? "even" : "odd", T0.AddMinutes(i)), []);
        }

        await store.UpdateRunAsync(Run("r4", "even", T0.AddMinutes(4)) with { Status = RunStatus.Succeeded });
        Assert.Equal(["r4", "r3", "r2", "r1", "r0"], (await store.ListRunsAsync(new RunQuery())).Select(r => r.Id));
        Assert.Equal(["r2", "r0"], (await store.ListRunsAsync(new RunQuery("even", Offset: 1))).Select(r => r.Id));
        Assert.Equal(["r4"], (await store.ListRunsAsync(new RunQuery(Status: RunStatus.Succeeded))).Select(r => r.Id));
        Assert.Equal(["r3"], (await store.ListRunsAsync(new RunQuery(Limit: 1, Offset: 1))).Select(r => r.Id));
        Assert.Equal(["r3", "r2"], (await store.ListRunsAsync(new RunQuery(Since: T0.AddMinutes(2), Until: T0.AddMinutes(4)))).Select(r => r.Id));
        Assert.Equal(3, await store.CountRunsAsync(new RunQuery("even", Limit: 1)));
        Assert.Equal(2, await store.CountRunsAsync(new RunQuery(Since: T0.AddMinutes(3))));
    }

    [Fact]
    public async Task Pipeline_versions_list_newest_save_first_and_are_found_by_unique_prefix()
    {
        await using var store = await OpenAsync();
        var first = new PipelineVersionRecord("churn", "abc123", "name: churn", "ana", "", T0, null);
        await store.SavePipelineVersionAsync(first);
        await store.SavePipelineVersionAsync(first with { Version = "abd456", Yaml = "name: churn # 2", Message = "more trees", CreatedAt = T0.AddMinutes(1), LayoutJson = "{\"a\":{\"x\":1,\"y\":2}}" });
        await store.SavePipelineVersionAsync(first with { Author = "ben", CreatedAt = T0.AddMinutes(2) });
        await store.SavePipelineVersionAsync(first with { Pipeline = "other", Version = "abe789" });

        Assert.Equal(["ben", "ana", "ana"], (await store.ListPipelineVersionsAsync("churn")).Select(v => v.Author));
        Assert.Equal("ben", (await store.FindPipelineVersionAsync("churn", "abc1"))!.Author);
        Assert.Equal("{\"a\":{\"x\":1,\"y\":2}}", (await store.FindPipelineVersionAsync("churn", "abd456"))!.LayoutJson);
        Assert.Null(await store.FindPipelineVersionAsync("churn", "ab"));
        Assert.Null(await store.FindPipelineVersionAsync("churn", "abe"));
        Assert.Null(await store.FindPipelineVersionAsync("churn", ""));
        Assert.Empty(await store.ListPipelineVersionsAsync("none"));
    }

    [Fact]
    public async Task Completing_a_step_records_status_attempt_lineage_and_artifacts_together()
    {
        await using var store = await OpenAsync();
        await store.CreateRunAsync(Run("r1"), [Step("r1", "train")]);
        var attempt = new AttemptRecord("r1", "train", 1, StepStatus.Running, T0, null, null);
        await store.SaveAttemptAsync(attempt);
        var done = Step("r1", "train") with { Status = StepStatus.Succeeded, Attempts = 1, CacheKey = "k", StartedAt = T0, FinishedAt = T0.AddSeconds(2) };
        var sha = new string('b', 64);
        await store.CompleteStepAsync(new StepCompletion(
            done,
            attempt with { Status = StepStatus.Succeeded, FinishedAt = T0.AddSeconds(2) },
            [new LineageRecord("r1", "train", true, "model", sha, ArtifactKind.Model), new LineageRecord("r1", "train", false, "table", new string('c', 64), ArtifactKind.Table)],
            [new ArtifactRecord(sha, ArtifactKind.Model, 123, T0)]));

        Assert.Equal(done, (await store.GetStepsAsync("r1")).Single());
        Assert.Equal(StepStatus.Succeeded, (await store.GetAttemptsAsync("r1", "train")).Single().Status);
        Assert.Equal(2, (await store.GetLineageAsync("r1")).Count);
        Assert.Equal(new ArtifactRecord(sha, ArtifactKind.Model, 123, T0), await store.GetArtifactAsync(sha));
        Assert.Equal(TimeSpan.FromSeconds(2), done.Duration);

        // Every read and write of an artifact, found by a prefix of its hash.
        Assert.Equal([("r1", "train", true, "model")], (await store.FindArtifactUsesAsync("bbbbbb")).Select(l => (l.RunId, l.Step, l.IsOutput, l.Port)));
        Assert.Equal([("r1", "train", false, "table")], (await store.FindArtifactUsesAsync(new string('c', 64))).Select(l => (l.RunId, l.Step, l.IsOutput, l.Port)));
        Assert.Empty(await store.FindArtifactUsesAsync("d"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.FindArtifactUsesAsync("b%"));
    }

    [Fact]
    public async Task The_step_that_computed_a_cache_entry_is_found_not_the_ones_that_reused_it()
    {
        await using var store = await OpenAsync();
        await store.CreateRunAsync(Run("r1", at: T0), [Step("r1", "a")]);
        await store.CreateRunAsync(Run("r2", at: T0.AddMinutes(1)), [Step("r2", "a")]);
        await store.UpdateStepAsync(Step("r1", "a") with { Status = StepStatus.Succeeded, CacheKey = "k", FinishedAt = T0 });
        await store.UpdateStepAsync(Step("r2", "a") with { Status = StepStatus.Succeeded, CacheKey = "k", CacheHit = true, FinishedAt = T0.AddMinutes(1) });

        await store.CreateRunAsync(Run("r3", at: T0.AddMinutes(2)), [Step("r3", "a")]);
        await store.UpdateStepAsync(Step("r3", "a") with { Status = StepStatus.Succeeded, CacheKey = "k", FinishedAt = T0.AddMinutes(2) });

        Assert.Equal("r1", (await store.FindComputingStepAsync("k", T0.AddMinutes(1)))!.RunId);
        Assert.Equal("r3", (await store.FindComputingStepAsync("k", T0.AddMinutes(3)))!.RunId);
        Assert.Null(await store.FindComputingStepAsync("k", T0.AddSeconds(-1)));
        Assert.Null(await store.FindComputingStepAsync("other", T0.AddMinutes(3)));
    }

    [Fact]
    public async Task Logs_keep_their_order_and_filter_by_step()
    {
        await using var store = await OpenAsync();
        await store.CreateRunAsync(Run("r1"), [Step("r1", "a"), Step("r1", "b")]);
        await store.AppendLogsAsync([new LogRecord("r1", "a", 1, T0, "Information", "first"), new LogRecord("r1", "b", 1, T0, "Warning", "other")]);
        await store.AppendLogsAsync([new LogRecord("r1", "a", 2, T0, "Error", "second\nline")]);

        Assert.Equal(["first", "second\nline"], (await store.GetLogsAsync("r1", "a")).Select(l => l.Message));
        Assert.Equal(3, (await store.GetLogsAsync("r1")).Count);
    }

    [Fact]
    public async Task Cache_entries_are_stored_replaced_and_removed()
    {
        await using var store = await OpenAsync();
        Assert.Null(await store.FindCacheAsync("k"));
        await store.PutCacheAsync("k", new Dictionary<string, string> { ["model"] = "1" });
        await store.PutCacheAsync("k", new Dictionary<string, string> { ["model"] = "2" });
        Assert.Equal("2", (await store.FindCacheAsync("k"))!["model"]);
        var entry = Assert.Single(await store.ListCacheEntriesAsync());
        Assert.Equal(("k", "2"), (entry.Key, entry.Outputs["model"]));
        Assert.InRange(entry.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        await store.RemoveCacheAsync("k");
        Assert.Null(await store.FindCacheAsync("k"));
    }

    [Fact]
    public async Task A_pipeline_pin_moves_only_from_where_it_is_and_every_move_is_on_its_trail()
    {
        await using var store = await OpenAsync();
        Assert.Null(await store.GetPipelinePinAsync("p"));
        Assert.True(await store.MovePipelinePinAsync(new PinMove("p", null, "v1", "pin", "ana", T0, "first")));
        Assert.False(await store.MovePipelinePinAsync(new PinMove("p", null, "v2", "pin", "bo", T0)));
        Assert.True(await store.MovePipelinePinAsync(new PinMove("p", "v1", "v2", "pin", "bo", T0.AddMinutes(1))));
        Assert.True(await store.MovePipelinePinAsync(new PinMove("p", "v2", "v1", "rollback", "ana", T0.AddMinutes(2), "slower")));
        Assert.Equal("v1", await store.GetPipelinePinAsync("p"));
        var trail = await store.ListPinMovesAsync("p");
        Assert.Equal([(null, "v1", "pin"), ("v1", "v2", "pin"), ("v2", "v1", "rollback")], trail.Select(m => (m.From, m.To, m.Action)));
        Assert.True(trail[0].Id < trail[1].Id && trail[1].Id < trail[2].Id);
        Assert.True(await store.MovePipelinePinAsync(new PinMove("p", "v1", null, "unpin", "ana", T0.AddMinutes(3))));
        Assert.Null(await store.GetPipelinePinAsync("p"));
        Assert.Empty(await store.ListPinMovesAsync("q"));
    }

    [Fact]
    public async Task Concurrent_writers_lose_nothing()
    {
        await using var store = await OpenAsync();
        await store.CreateRunAsync(Run("r1"), [Step("r1", "a")]);
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await store.AppendLogsAsync([new LogRecord("r1", "a", 1, T0, "Information", $"{w}-{i}")]);
                await store.PutCacheAsync($"k{w}-{i}", new Dictionary<string, string> { ["o"] = "x" });
            }
        }));
        await Task.WhenAll(writers);

        Assert.Equal(200, (await store.GetLogsAsync("r1", "a")).Count);
        Assert.NotNull(await store.FindCacheAsync("k7-24"));
    }
}
