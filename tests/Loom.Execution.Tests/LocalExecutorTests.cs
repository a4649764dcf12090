using Loom.Metadata.Records;
using Loom.Pipelines.Validation;
using static Loom.Execution.Tests.ExecutionHarness;

namespace Loom.Execution.Tests;

public sealed class LocalExecutorTests
{
    private static readonly string Chain = Pipeline(
        """
          a: { component: test.emit@1, params: { text: "${params.text}" } }
          b: { component: test.emit@1, params: { text: " world" } }
          c: { component: test.concat@1, inputs: { a: a.out, b: b.out } }
        """,
        "outputs: { joined: c.out }");

    [Fact]
    public async Task Runs_steps_in_order_and_stores_outputs_lineage_and_logs()
    {
        await using var h = await CreateAsync();
        var result = await h.RunAsync(Chain);

        Assert.Equal(RunStatus.Succeeded, result.Run.Status);
        Assert.Equal("hello world", await h.ReadOutputAsync(result, "c"));
        Assert.Equal("c", result.Outputs["joined"].Step);
        var lineage = await h.Store.GetLineageAsync(result.Run.Id);
        Assert.Equal(["a", "b"], lineage.Where(l => l.Step == "c" && !l.IsOutput).Select(l => l.Port).Order());
        Assert.Contains(await h.Store.GetLogsAsync(result.Run.Id, "a"), l => l.Message == "emitting hello");
        Assert.Equal(result.Run, await h.Store.FindRunAsync(result.Run.Id));
    }

    [Fact]
    public async Task A_second_run_reuses_every_step_from_the_cache()
    {
        await using var h = await CreateAsync();
        var first = await h.RunAsync(Chain);
        var second = await h.RunAsync(Chain);

        Assert.All(second.Steps, s => Assert.True(s.CacheHit, s.Name));
        Assert.All(second.Steps, s => Assert.Equal(0, s.Attempts));
        Assert.Equal(first.Outputs["joined"].Sha256, second.Outputs["joined"].Sha256);
    }

    [Fact]
    public async Task Without_the_cache_every_step_runs_again()
    {
        await using var h = await CreateAsync();
        await h.RunAsync(Chain);
        var again = await h.RunAsync(Chain, new ExecutorOptions { UseCache = false, BaseDirectory = h.Folder.Path });
        Assert.All(again.Steps, s => Assert.False(s.CacheHit));
        Assert.All(again.Steps, s => Assert.Equal(1, s.Attempts));
    }

    [Fact]
    public async Task Changing_a_parameter_recomputes_only_what_depends_on_it()
    {
        await using var h = await CreateAsync();
        await h.RunAsync(Chain);
        var changed = await h.RunAsync(Chain, values: new() { ["text"] = "bye" });

        Assert.Equal((false, true, false), (Step(changed, "a").CacheHit, Step(changed, "b").CacheHit, Step(changed, "c").CacheHit));
        Assert.Equal("bye world", await h.ReadOutputAsync(changed, "c"));
    }

    [Fact]
    public async Task A_corrupt_or_deleted_cached_artifact_is_recomputed_not_an_error()
    {
        await using var h = await CreateAsync();
        var first = await h.RunAsync(Chain);
        var aOutput = (await h.Store.GetLineageAsync(first.Run.Id)).Single(l => l.Step == "a" && l.IsOutput);
        var aPath = h.Artifacts.PathOf(aOutput.Sha256);
        File.SetAttributes(aPath, FileAttributes.Normal);
        await File.WriteAllTextAsync(aPath, "garbage");
        File.Delete(h.Artifacts.PathOf(first.Outputs["joined"].Sha256));

        var second = await h.RunAsync(Chain);

        Assert.Equal(RunStatus.Succeeded, second.Run.Status);
        Assert.Equal((false, true, false), (Step(second, "a").CacheHit, Step(second, "b").CacheHit, Step(second, "c").CacheHit));
        Assert.Equal("hello world", await h.ReadOutputAsync(second, "c"));
    }

    [Fact]
    public async Task A_failing_step_fails_the_run_skips_its_dependents_and_lets_other_branches_finish()
    {
        await using var h = await CreateAsync();
        var result = await h.RunAsync(Pipeline(
            """
              bad: { component: test.fail@1 }
              after: { component: test.concat@1, inputs: { a: bad.out } }
              other: { component: test.emit@1 }
            """));

        Assert.Equal(RunStatus.Failed, result.Run.Status);
        Assert.Equal("step 'bad' failed: column 'x' is missing", result.Run.Error);
        Assert.Equal((StepStatus.Failed, 1), (Step(result, "bad").Status, Step(result, "bad").Attempts));
        Assert.Equal(StepStatus.Skipped, Step(result, "after").Status);
        Assert.Equal(StepStatus.Succeeded, Step(result, "other").Status);
    }

    [Fact]
    public async Task An_unexpected_exception_is_reported_with_its_type_and_logged_with_the_stack()
    {
        await using var h = await CreateAsync();
        var result = await h.RunAsync(Pipeline("  boom: { component: test.crash@1 }"));
        Assert.Equal("InvalidOperationException: bug in component", Step(result, "boom").Error);
        Assert.Contains(await h.Store.GetLogsAsync(result.Run.Id, "boom"), l => l.Level == "Error" && l.Message.Contains("at Loom.Execution.Tests.Crash", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_step_that_does_not_write_its_outputs_fails()
    {
        await using var h = await CreateAsync();
        var result = await h.RunAsync(Pipeline("  lazy: { component: test.lazy@1 }"));
        Assert.Equal("test.lazy@1.0.0 finished without writing output(s) out", Step(result, "lazy").Error);
    }

    [Fact]
    public async Task Transient_failures_are_retried_until_they_succeed()
    {
        await using var h = await CreateAsync();
        var counter = h.Folder.Combine("count");
        var result = await h.RunAsync(Pipeline($"  flaky: {{ component: test.fail@1, retries: 2, params: {{ transient: true, counter: {counter}, succeed_on: 3 }} }}"));

        Assert.Equal((StepStatus.Succeeded, 3), (Step(result, "flaky").Status, Step(result, "flaky").Attempts));
        var attempts = await h.Store.GetAttemptsAsync(result.Run.Id, "flaky");
        Assert.Equal([StepStatus.Failed, StepStatus.Failed, StepStatus.Succeeded], attempts.Select(a => a.Status));
        Assert.Equal("service busy", attempts[0].Error);
    }

    [Fact]
    public async Task Retries_stop_at_the_limit_and_permanent_errors_are_not_retried()
    {
        await using var h = await CreateAsync();
        var result = await h.RunAsync(Pipeline(
            $"""
              flaky: {"{"} component: test.fail@1, retries: 1, params: {"{"} transient: true {"}"} {"}"}
              broken: {"{"} component: test.fail@1, retries: 5 {"}"}
            """));

        Assert.Equal((StepStatus.Failed, 2), (Step(result, "flaky").Status, Step(result, "flaky").Attempts));
        Assert.Equal((StepStatus.Failed, 1), (Step(result, "broken").Status, Step(result, "broken").Attempts));
    }

    [Fact]
    public async Task Cancelling_during_a_retry_wait_keeps_the_attempt_history_for_resume()
    {
        await using var h = await CreateAsync();
        var counter = h.Folder.Combine("count");
        var yaml = Pipeline($"  flaky: {{ component: test.fail@1, retries: 3, params: {{ transient: true, counter: {counter}, succeed_on: 2 }} }}");
        using var cancel = new CancellationTokenSource();
        var slowRetries = new ExecutorOptions { BaseDirectory = h.Folder.Path, RetryBackoff = TimeSpan.FromMinutes(5) };
        var cancelled = await h.RunAsync(yaml, slowRetries, observer: new CancelOnError(cancel), cancellationToken: cancel.Token);

        Assert.Equal((StepStatus.Cancelled, 1), (Step(cancelled, "flaky").Status, Step(cancelled, "flaky").Attempts));
        var resumed = await h.Executor().ResumeAsync(cancelled.Run.Id);
        Assert.Equal(RunStatus.Succeeded, resumed.Run.Status);
        var attempts = await h.Store.GetAttemptsAsync(cancelled.Run.Id, "flaky");
        Assert.Equal([(1, StepStatus.Failed), (2, StepStatus.Succeeded)], attempts.Select(a => (a.Number, a.Status)));
    }

    [Fact]
    public async Task List_parameters_with_commas_do_not_share_a_cache_key()
    {
        await using var h = await CreateAsync();
        var plan = h.Request(Pipeline("  a: { component: test.emit@1 }")).Plan;
        var step = plan.Steps.Single();
        var one = step with { Parameters = new Dictionary<string, object?> { ["x"] = new[] { "a, b" } } };
        var two = step with { Parameters = new Dictionary<string, object?> { ["x"] = new[] { "a", "b" } } };
        Assert.NotEqual(CacheKey.Compute(one, new Dictionary<string, string>(), 1), CacheKey.Compute(two, new Dictionary<string, string>(), 1));
    }

    [Fact]
    public async Task A_step_that_hangs_past_its_timeout_fails_and_the_run_ends()
    {
        await using var h = await CreateAsync();
        var result = await h.RunAsync(Pipeline("  stuck: { component: test.hang@1, timeout: 0.5s }"));

        Assert.Equal(RunStatus.Failed, result.Run.Status);
        Assert.StartsWith("timed out after 0.5s (attempt 1)", Step(result, "stuck").Error);
    }

    [Fact]
    public async Task Cancelling_stops_running_steps_and_records_the_run_as_cancelled()
    {
        await using var h = await CreateAsync();
        using var cancel = new CancellationTokenSource();
        var observer = new CancelWhenRunning("wait", cancel);
        var result = await h.RunAsync(Pipeline("  wait: { component: test.wait@1 }\n  after: { component: test.concat@1, inputs: { a: wait.out } }"), observer: observer, cancellationToken: cancel.Token);

        Assert.Equal(RunStatus.Cancelled, result.Run.Status);
        Assert.Equal(StepStatus.Cancelled, Step(result, "wait").Status);
        Assert.Equal(StepStatus.Cancelled, Step(result, "after").Status);
        Assert.Equal(RunStatus.Cancelled, (await h.Store.FindRunAsync(result.Run.Id))!.Status);
    }

    [Fact]
    public async Task Ready_steps_run_in_parallel()
    {
        await using var h = await CreateAsync();
        var name = Guid.NewGuid().ToString("N");
        using var barrier = new Barrier(2);
        Wait.Barriers[name] = barrier;
        var result = await h.RunAsync(
            Pipeline($"  x: {{ component: test.wait@1, params: {{ barrier: {name}, id: x }} }}\n  y: {{ component: test.wait@1, params: {{ barrier: {name}, id: y }} }}"),
            new ExecutorOptions { MaxParallelSteps = 2, BaseDirectory = h.Folder.Path });

        Assert.Equal(RunStatus.Succeeded, result.Run.Status);
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(2, false)]
    public async Task A_timed_out_step_that_keeps_running_keeps_its_parallel_slot(int slots, bool meet)
    {
        await using var h = await CreateAsync();
        var name = Guid.NewGuid().ToString("N");
        using var barrier = new Barrier(2);
        Wait.Barriers[name] = barrier;

        // x and y start only after 'stuck' has timed out and been abandoned, still running.
        var result = await h.RunAsync(
            Pipeline(
                "  stuck: { component: test.hang@1, timeout: 0.2s }\n" +
                "  gate: { component: test.emit@1, params: { delay_ms: 600 } }\n" +
                $"  x: {{ component: test.wait@1, inputs: {{ in: gate.out }}, params: {{ barrier: {name}, id: x, wait_seconds: 1 }} }}\n" +
                $"  y: {{ component: test.wait@1, inputs: {{ in: gate.out }}, params: {{ barrier: {name}, id: y, wait_seconds: 1 }} }}"),
            new ExecutorOptions { MaxParallelSteps = slots, BaseDirectory = h.Folder.Path });

        // With three slots, one held by the abandoned work, x and y run together and meet;
        // with two, they can only run one at a time.
        Assert.Equal(meet, Step(result, "x").Status == StepStatus.Succeeded && Step(result, "y").Status == StepStatus.Succeeded);
        Assert.Contains(await h.Store.GetLogsAsync(result.Run.Id, "stuck"), l => l.Message.Contains("keeps its parallel slot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_run_resumes_without_rerunning_finished_steps()
    {
        await using var h = await CreateAsync();
        var flag = h.Folder.Write("flag", "");
        var yaml = Pipeline($"  first: {{ component: test.emit@1 }}\n  second: {{ component: test.fail@1, inputs: {{ in: first.out }}, params: {{ flag: {flag} }} }}");
        var failed = await h.RunAsync(yaml);
        Assert.Equal(RunStatus.Failed, failed.Run.Status);

        File.Delete(flag);
        var resumed = await h.Executor().ResumeAsync(failed.Run.Id);

        Assert.Equal((failed.Run.Id, RunStatus.Succeeded), (resumed.Run.Id, resumed.Run.Status));
        Assert.Equal((StepStatus.Succeeded, 1, false), (Step(resumed, "first").Status, Step(resumed, "first").Attempts, Step(resumed, "first").CacheHit));
        Assert.Equal(2, Step(resumed, "second").Attempts);
        Assert.Single(await h.Store.GetAttemptsAsync(failed.Run.Id, "first"));
    }

    [Fact]
    public async Task An_input_file_is_hashed_into_the_cache_key_and_lineage()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("data.txt", "v1");
        var yaml = Pipeline("  read: { component: test.read-file@1, params: { path: data.txt } }");
        var first = await h.RunAsync(yaml);
        var same = await h.RunAsync(yaml);
        h.Folder.Write("data.txt", "v2");
        var changed = await h.RunAsync(yaml);

        Assert.True(Step(same, "read").CacheHit);
        Assert.False(Step(changed, "read").CacheHit);
        Assert.Equal("v2", await h.ReadOutputAsync(changed, "read"));
        var input = (await h.Store.GetLineageAsync(first.Run.Id)).Single(l => !l.IsOutput);
        Assert.Equal(("params.path", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("v1"u8))), (input.Port, input.Sha256));
    }

    [Fact]
    public async Task A_missing_input_file_is_reported_before_any_run_is_created()
    {
        await using var h = await CreateAsync();
        var error = await Assert.ThrowsAsync<PipelineValidationException>(() => h.RunAsync(Pipeline("  read: { component: test.read-file@1, params: { path: nope.csv } }")));
        Assert.Contains("input file 'nope.csv' does not exist", error.Errors.Single().Message);
        Assert.Equal(("read", "path"), (error.Errors.Single().Step, error.Errors.Single().Port));
        Assert.Empty(await h.Store.ListRunsAsync(new RunQuery()));
    }

    [Fact]
    public async Task Resuming_an_unknown_run_is_a_clear_error()
    {
        await using var h = await CreateAsync();
        var error = await Assert.ThrowsAsync<Sdk.LoomException>(() => h.Executor().ResumeAsync("r-none"));
        Assert.Contains("no run 'r-none'", error.Message);
    }

    private sealed class CancelOnError(CancellationTokenSource cancel) : IRunObserver
    {
        public void Log(LogRecord log)
        {
            if (log.Level == "Error")
            {
                cancel.Cancel();
            }
        }
    }

    private sealed class CancelWhenRunning(string step, CancellationTokenSource cancel) : IRunObserver
    {
        public void StepChanged(StepRecord record)
        {
            if (record.Name == step && record.Status == StepStatus.Running)
            {
                cancel.CancelAfter(TimeSpan.FromMilliseconds(100));
            }
        }
    }
}
