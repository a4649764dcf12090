using System.IO.Compression;
using System.Text.Json;
using Loom.Testing;

namespace Loom.Cli.Tests;

/// <summary>
/// <c>loom component publish</c> end to end: a component made by <c>loom component new</c> passes the quality gate, is
/// published as an immutable version, and runs in a worker process in a pipeline; the version rules hold.
/// </summary>
public sealed class ComponentPublishTests
{
    private const string FlagsPipeline = """
        apiVersion: loom/v1
        kind: Pipeline
        name: flags
        steps:
          load: { component: data.read-csv@1, params: { path: data/penguins.csv } }
          flags: { component: acme.flags@1, inputs: { table: load.table }, params: { column: body_mass_g, threshold: 4000 } }
          write: { component: data.write-csv@1, inputs: { table: flags.table } }
        outputs: { flagged: write.file }
        """;

    [Fact]
    public async Task A_new_component_publishes_runs_in_a_worker_and_its_version_never_changes()
    {
        using var workspace = LoomProcess.CopyExample("penguins");
        Assert.Equal(0, (await LoomProcess.RunAsync(workspace.Path, "component", "new", "acme.flags")).Exit);

        // Published from a zip of its folder; the folder itself is the same content (below).
        ZipFile.CreateFromDirectory(workspace.Combine("acme.flags"), workspace.Combine("flags.zip"));
        var (exit, stdout, stderr) = await LoomProcess.RunAsync(workspace.Path, "component", "publish", "flags.zip");
        Assert.True(exit == 0, stdout + stderr);
        foreach (var stage in new[] { "upload", "build", "tests", "manifest", "determinism" })
        {
            Assert.Contains($"  ok   {stage}", stdout, StringComparison.Ordinal);
        }

        Assert.Contains("tests (3 passed)", stdout, StringComparison.Ordinal);
        Assert.Contains("published acme.flags@1.0.0", stdout, StringComparison.Ordinal);

        // The pipeline runs the published component in a worker; its log line comes back to the run.
        workspace.Write("pipelines/flags.yaml", FlagsPipeline);
        var run = await LoomProcess.RunAsync(workspace.Path, "run", "pipelines/flags.yaml", "--json");
        Assert.True(run.Exit == 0, run.Out + run.Err);
        var id = JsonDocument.Parse(run.Out).RootElement.GetProperty("run_id").GetString()!;
        var logs = await LoomProcess.RunAsync(workspace.Path, "logs", id, "flags");
        Assert.Contains("flagged 172 of 344 rows with 'body_mass_g' above 4000", logs.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await LoomProcess.RunAsync(workspace.Path, "artifacts", "get", id, "write.file", "-o", "flagged.csv")).Exit);
        var flagged = File.ReadAllLines(workspace.Combine("flagged.csv"));
        Assert.EndsWith(",body_mass_g_above", flagged[0], StringComparison.Ordinal);
        Assert.Equal(345, flagged.Length);
        Assert.EndsWith(",false", flagged[1], StringComparison.Ordinal);

        var show = await LoomProcess.RunAsync(workspace.Path, "component", "show", "acme.flags");
        Assert.Contains("from upload", show.Out, StringComparison.Ordinal);
        Assert.Contains("  ok   determinism", show.Out, StringComparison.Ordinal);
        Assert.Contains("run by pipelines:\n  flags: 1 run(s)", show.Out, StringComparison.Ordinal);

        // The same content again changes nothing; other content under the same version is refused with the manifests' diff.
        (exit, stdout, _) = await LoomProcess.RunAsync(workspace.Path, "component", "publish", "acme.flags");
        Assert.Equal(0, exit);
        Assert.Contains("acme.flags@1.0.0 is published already with the same content; nothing changed", stdout, StringComparison.Ordinal);
        var source = workspace.Combine("acme.flags", "src", "Acme.Flags", "Flags.cs");
        Edit(source, "The number column to compare.\")", "The column of numbers to compare.\")");
        ZipFile.CreateFromDirectory(workspace.Combine("acme.flags"), workspace.Combine("changed.zip"));
        (exit, _, stderr) = await LoomProcess.RunAsync(workspace.Path, "component", "publish", "changed.zip");
        Assert.Equal(1, exit);
        Assert.Contains("acme.flags@1.0.0 is published already with other content, and a published version never changes; give this one a new version.", stderr, StringComparison.Ordinal);
        Assert.Contains("    - name: column", stderr, StringComparison.Ordinal);
        Assert.Contains("  -   description: The number column to compare.", stderr, StringComparison.Ordinal);
        Assert.Contains("  +   description: The column of numbers to compare.", stderr, StringComparison.Ordinal);

        // Removing a parameter needs a new major version.
        Edit(source, "\"1.0.0\", Category", "\"1.1.0\", Category");
        Edit(source, "[Parameter(\"flag\", Description = \"Name of the new column; by default the column's name followed by '_above'.\")]\n    public string? Flag { get; set; }", "private string? Flag => null;");
        (exit, _, stderr) = await LoomProcess.RunAsync(workspace.Path, "component", "publish", "acme.flags");
        Assert.Equal(1, exit);
        Assert.Contains("acme.flags@1.1.0 breaks the version rules against 1.0.0:\n  - parameter 'flag' is removed: a change that can break pipelines using 1.0.0 needs a new major version (2.0.0)", stderr, StringComparison.Ordinal);

        var versions = await LoomProcess.RunAsync(workspace.Path, "component", "versions", "--json");
        var listed = JsonDocument.Parse(versions.Out).RootElement;
        Assert.Equal(1, listed.GetArrayLength());
        Assert.Equal("upload", listed[0].GetProperty("origin").GetString());

        // A deprecated version still runs, and says so.
        Assert.Equal(0, (await LoomProcess.RunAsync(workspace.Path, "component", "deprecate", "acme.flags@1.0.0", "--message", "use acme.thresholds@1")).Exit);
        run = await LoomProcess.RunAsync(workspace.Path, "run", "pipelines/flags.yaml");
        Assert.Equal(0, run.Exit);
        Assert.Contains("warning: step 'flags' uses acme.flags@1.0.0, which is deprecated: use acme.thresholds@1", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_example_components_pass_the_gate_and_run_in_a_churn_pipeline()
    {
        using var workspace = LoomProcess.CopyExample("telco-churn");
        foreach (var example in new[] { "ratio-features", "retention-offers", "sgd-binary" })
        {
            var (exit, stdout, stderr) = await LoomProcess.RunAsync(workspace.Path, "component", "publish", Repository.Path("examples", "components", example));
            Assert.True(exit == 0, stdout + stderr);
            Assert.Contains($"published examples.{example}@1.0.0", stdout, StringComparison.Ordinal);
        }

        workspace.Write("pipelines/offers.yaml", """
            apiVersion: loom/v1
            kind: Pipeline
            name: offers
            seed: 42
            steps:
              load: { component: data.read-csv@1, params: { path: data/telco_churn.csv } }
              ratios: { component: examples.ratio-features@1, inputs: { table: load.table }, params: { numerators: [total_charges], denominators: [tenure] } }
              split: { component: data.split@1, inputs: { table: ratios.table }, params: { test_fraction: 0.2, stratify: churn, seed: 42 } }
              train: { component: train.lightgbm-binary@1, inputs: { table: split.train }, params: { label: churn, positive: "Yes" } }
              score: { component: score@1, inputs: { model: train.model, table: split.test } }
              offers: { component: examples.retention-offers@1, inputs: { table: score.table }, params: { call_above: 0.6, email_above: 0.3 } }
              write: { component: data.write-csv@1, inputs: { table: offers.table } }
              evaluate: { component: evaluate.binary@1, inputs: { model: train.model, table: split.test } }
              roles: { component: table.roles@1, inputs: { table: split.train }, params: { label: churn } }
              svm: { component: examples.sgd-binary@1, inputs: { table: roles.table }, params: { label: churn, positive: "Yes", features: [tenure, monthly_charges, total_charges, total_charges_per_tenure] } }
              svm_evaluate: { component: evaluate.binary@1, inputs: { model: svm.model, table: split.test } }
            outputs: { model: train.model, metrics: evaluate.metrics, offers: write.file, svm: svm_evaluate.metrics }
            """);
        var run = await LoomProcess.RunAsync(workspace.Path, "run", "pipelines/offers.yaml", "--json");
        Assert.True(run.Exit == 0, run.Out + run.Err);
        var id = JsonDocument.Parse(run.Out).RootElement.GetProperty("run_id").GetString()!;
        Assert.Contains("added 1 ratio column(s) to 7043 rows: total_charges_per_tenure", (await LoomProcess.RunAsync(workspace.Path, "logs", id, "ratios")).Out, StringComparison.Ordinal);
        Assert.Equal(0, (await LoomProcess.RunAsync(workspace.Path, "artifacts", "get", id, "write.file", "-o", "offers.csv")).Exit);
        var rows = File.ReadAllLines(workspace.Combine("offers.csv"));
        var header = rows[0].Split(',');
        Assert.Contains("total_charges_per_tenure", header);
        Assert.Equal(["offer", "offer_reason"], header[^2..]);
        var offers = rows.Skip(1).Select(r => r.Split(',')[header.Length - 2]).ToList();
        Assert.Equal(1409, offers.Count);
        Assert.True(offers.Count(o => o == "call") > 0 && offers.Count(o => o == "email") > 0 && offers.Count(o => o == "none") > offers.Count / 2, string.Join(" ", offers.GroupBy(o => o).Select(g => $"{g.Key}={g.Count()}")));

        // The custom trainer's model is evaluated by the built-in evaluator like any other.
        Assert.Equal(0, (await LoomProcess.RunAsync(workspace.Path, "artifacts", "get", id, "svm_evaluate.metrics", "-o", "svm.json")).Exit);
        var auc = JsonDocument.Parse(File.ReadAllText(workspace.Combine("svm.json"))).RootElement.GetProperty("metrics").GetProperty("auc").GetDouble();
        Assert.InRange(auc, 0.75, 1);

        // As code: the components' source goes with the solution, whose tests retrain and must write the same offers
        // and measure the custom trainer's model as the platform did; the components' own tests run with them.
        await GeneratedSolution.AssertPassesAsync(workspace, "pipelines/offers.yaml", "Offers", carriedTestProjects: 3);
        Assert.True(File.Exists(workspace.Combine("generated/components/examples.ratio-features/src/Examples.RatioFeatures/RatioFeatures.cs")));
        Assert.Contains("components/examples.sgd-binary", File.ReadAllText(workspace.Combine("generated/README.md")), StringComparison.Ordinal);
        Assert.Contains("new ColumnRoles { Label = \"churn\" }", File.ReadAllText(workspace.Combine("generated/src/Offers.Model/OffersTraining.cs")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gate_refuses_each_broken_rule_saying_where_and_how_to_fix_it_and_publishes_nothing()
    {
        using var workspace = LoomProcess.CopyExample("penguins");
        Assert.Equal(0, (await LoomProcess.RunAsync(workspace.Path, "component", "new", "acme.flags")).Exit);
        const string Code = "src/Acme.Flags/Flags.cs";

        // The project switches the rule off; the gate's build holds it anyway.
        var console = Variant(workspace, "console", (Code, "long flagged = 0;", "long flagged = 0;\n        Console.WriteLine(flagged);"), ("src/Acme.Flags/Acme.Flags.csproj", "<GenerateDocumentationFile>", "<NoWarn>LOOM001</NoWarn>\n    <GenerateDocumentationFile>"));
        await AssertRefusedAsync(workspace, console, "build", "src/Acme.Flags/Flags.cs:35:9: LOOM001: 'System.Console.WriteLine' writes to or reads from the console, which a step does not have; log through context.Logger", "fix: follow rule LOOM001 of docs/best-practices.md");

        // A suppression the upload checks do not see (an alias, a rule id built from constants) is in the compiler's log.
        var suppressed = Variant(
            workspace,
            "suppressed",
            (Code, "using System.Globalization;", "using System.Globalization;\nusing Quiet = System.Diagnostics.CodeAnalysis.SuppressMessageAttribute;"),
            (Code, "    /// <inheritdoc/>\n    public async Task ExecuteAsync", "    private const string Rule = \"LO\" + \"OM001\";\n\n    /// <inheritdoc/>\n    [Quiet(\"Loom.Components\", Rule)]\n    public async Task ExecuteAsync"),
            (Code, "long flagged = 0;", "long flagged = 0;\n        Console.WriteLine(flagged);"));
        await AssertRefusedAsync(workspace, suppressed, "build", "LOOM001 is suppressed: 'System.Console.WriteLine' writes to or reads from the console", "fix: remove the suppression and follow the rule");

        var pragma = Variant(workspace, "pragma", (Code, "long flagged = 0;", "#pragma warning disable LOOM001\n        long flagged = 0;"), ("src/Acme.Flags/Acme.Flags.csproj", "</Project>", "  <Target Name=\"Steal\" BeforeTargets=\"Build\"><Exec Command=\"touch stolen\" /></Target>\n</Project>"));
        await AssertRefusedAsync(workspace, pragma, "upload", "src/Acme.Flags/Flags.cs:34: the code switches a component rule off", "src/Acme.Flags/Acme.Flags.csproj:12: <Target> can run code or bring other build logic while the component builds");

        var failing = Variant(workspace, "failing", ("tests/Acme.Flags.Tests/FlagsTests.cs", "Assert.Equal(24, flags.Count);", "Assert.Equal(25, flags.Count);"));
        await AssertRefusedAsync(workspace, failing, "tests", "test Acme.Flags.Tests.FlagsTests.Penguins_heavier_than_4000_grams_are_flagged_and_one_whose_mass_is_missing_is_not fails: Assert.Equal() Failure: Values differ Expected: 25 Actual:   24");

        var unbounded = Variant(workspace, "unbounded", (Code, "Min = -1e12, Max = 1e12, ", ""));
        await AssertRefusedAsync(workspace, unbounded, "manifest", "number parameter 'threshold' has no range", "fix: give the [Parameter] attribute of 'threshold' Min and Max");

        var random = Variant(workspace, "random", (Code, "var output = batch.Clone();", "var output = batch.Clone();\n            output.Columns.Add(new StringDataFrameColumn(\"id\", Enumerable.Range(0, (int)batch.Rows.Count).Select(_ => Guid.NewGuid().ToString())));"));
        await AssertRefusedAsync(workspace, random, "determinism", "output 'table' differs between two runs with seed 42");

        using (var zip = ZipFile.Open(workspace.Combine("slip.zip"), ZipArchiveMode.Create))
        {
            zip.CreateEntry("src/Acme.csproj").Open().Dispose();
            zip.CreateEntry("../../escaped.cs").Open().Dispose();
        }

        await AssertRefusedAsync(workspace, "slip.zip", "upload", "'../../escaped.cs' climbs out of its folder ('..')");
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetTempPath().TrimEnd('/'))!, "escaped.cs")));
        Assert.False(File.Exists(workspace.Combine("pragma", "stolen")));

        var versions = await LoomProcess.RunAsync(workspace.Path, "component", "versions", "--json");
        Assert.Equal(0, JsonDocument.Parse(versions.Out).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_component_imported_from_git_records_its_commit_and_updates_to_a_new_tag()
    {
        using var workspace = LoomProcess.CopyExample("penguins");
        using var repository = new TempFolder();
        Assert.Equal(0, (await LoomProcess.RunAsync(repository.Path, "component", "new", "acme.flags", "--out", "components/flags")).Exit);
        var url = new Uri(repository.Path).AbsoluteUri;
        Assert.Equal(0, (await Git(repository, "init -q && git add . && git commit -qm 'flags 1.0.0' && git tag v1.0.0")).Exit);

        var (exit, stdout, stderr) = await LoomProcess.RunAsync(workspace.Path, "component", "import", url, "--ref", "v1.0.0", "--path", "components/flags");
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("published acme.flags@1.0.0", stdout, StringComparison.Ordinal);

        // A new tag with a new optional parameter: a minor version, taken by update from the same repository and folder.
        var source = Path.Combine(repository.Path, "components", "flags", "src", "Acme.Flags", "Flags.cs");
        Edit(source, "\"1.0.0\", Category", "\"1.1.0\", Category");
        Edit(source, "    /// <summary>The new column's name.</summary>", "    /// <summary>A note.</summary>\n    [Parameter(\"note\", Description = \"A note for the log.\")]\n    public string Note { get; set; } = \"\";\n\n    /// <summary>The new column's name.</summary>");
        Assert.Equal(0, (await Git(repository, "commit -qam 'flags 1.1.0: a note' && git tag v1.1.0")).Exit);
        (exit, stdout, stderr) = await LoomProcess.RunAsync(workspace.Path, "component", "update", "acme.flags", "--ref", "v1.1.0");
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("published acme.flags@1.1.0", stdout, StringComparison.Ordinal);

        var versions = JsonDocument.Parse((await LoomProcess.RunAsync(workspace.Path, "component", "versions", "acme.flags", "--json")).Out).RootElement;
        var first = (await Git(repository, "rev-parse v1.0.0")).Output.Trim();
        var second = (await Git(repository, "rev-parse v1.1.0")).Output.Trim();
        Assert.Equal([$"{url}//components/flags@{first[..12]}", $"{url}//components/flags@{second[..12]}"], versions.EnumerateArray().Select(v => v.GetProperty("origin").GetString()));

        // The imported version runs in a pipeline, and the repository says which pipeline ran it.
        workspace.Write("pipelines/flags.yaml", FlagsPipeline.Replace("threshold: 4000", "threshold: 5000, note: imported", StringComparison.Ordinal));
        var run = await LoomProcess.RunAsync(workspace.Path, "run", "pipelines/flags.yaml", "--json");
        Assert.True(run.Exit == 0, run.Out + run.Err);
        var id = JsonDocument.Parse(run.Out).RootElement.GetProperty("run_id").GetString()!;
        Assert.Contains("flagged 61 of 344 rows with 'body_mass_g' above 5000", (await LoomProcess.RunAsync(workspace.Path, "logs", id, "flags")).Out, StringComparison.Ordinal);
        var show = await LoomProcess.RunAsync(workspace.Path, "component", "show", "acme.flags@1.1.0");
        Assert.Contains($"from {url}//components/flags@{second[..12]}", show.Out, StringComparison.Ordinal);
        Assert.Contains("run by pipelines:\n  flags: 1 run(s)", show.Out, StringComparison.Ordinal);

        // A link in the folder is refused; a reference the repository does not have is named.
        Assert.Equal(0, (await Git(repository, "checkout -qb linked && ln -s /etc/passwd components/flags/sample/passwd && git add . && git commit -qm link")).Exit);
        (exit, stdout, _) = await LoomProcess.RunAsync(workspace.Path, "component", "import", url, "--ref", "linked", "--path", "components/flags");
        Assert.Equal(1, exit);
        Assert.Contains("  FAIL upload", stdout, StringComparison.Ordinal);
        Assert.Contains("'components/flags/sample/passwd' is a symbolic link, which a component does not hold", stdout, StringComparison.Ordinal);
        (exit, _, stderr) = await LoomProcess.RunAsync(workspace.Path, "component", "import", url, "--ref", "v9", "--path", "components/flags");
        Assert.Equal(2, exit);
        Assert.Contains($"{url}: no branch, tag or commit 'v9'; its branches are", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = await LoomProcess.RunAsync(workspace.Path, "component", "import", "ssh://example.org/repo.git");
        Assert.Equal(2, exit);
        Assert.Contains("'ssh://example.org/repo.git' is not an https:// or file:// repository URL", stderr, StringComparison.Ordinal);

        // Over https, from a server with a certificate of its own (trusted through SSL_CERT_FILE): a tag is fetched
        // alone at depth 1. The tag is the link's commit, refused at upload before anything builds.
        Assert.Equal(0, (await Git(repository, "tag v-linked")).Exit);
        using var served = new TempFolder();
        Assert.Equal(0, (await GeneratedSolution.ShellAsync(served.Path, $"git clone -q --bare {repository.Path} flags.git")).Exit);
        await using var https = await GitHttpsServer.StartAsync(served.Path, served.Combine("server.pem"));
        var secure = new Uri(https.Address, "flags.git").AbsoluteUri;
        var trust = new Dictionary<string, string> { ["SSL_CERT_FILE"] = https.CertificateFile };
        (exit, stdout, stderr) = await LoomProcess.RunWithEnvironmentAsync(workspace.Path, trust, "component", "import", secure, "--ref", "v-linked", "--path", "components/flags");
        Assert.True(exit == 1, stdout + stderr);
        Assert.Contains("'components/flags/sample/passwd' is a symbolic link, which a component does not hold", stdout, StringComparison.Ordinal);
        Assert.Contains(https.Fetches, body => body.Contains("deepen 1", StringComparison.Ordinal) && body.Contains("want ", StringComparison.Ordinal));

        // A certificate the machine does not trust stops the import, and says so.
        (exit, _, stderr) = await LoomProcess.RunAsync(workspace.Path, "component", "import", secure, "--ref", "v-linked", "--path", "components/flags");
        Assert.Equal(2, exit);
        Assert.Contains($"{secure}: ", stderr, StringComparison.Ordinal);
        Assert.Contains("certificate", stderr, StringComparison.OrdinalIgnoreCase);
    }

    private static Task<(int Exit, string Output)> Git(TempFolder repository, string commands) =>
        GeneratedSolution.ShellAsync(repository.Path, $"git -c user.email=ana@example.org -c user.name=Ana -c init.defaultBranch=main {commands.Replace("&& git ", "&& git -c user.email=ana@example.org -c user.name=Ana ", StringComparison.Ordinal)}");

    // A component that, on request, runs away (spins, allocates) or reports what its process sees.
    private const string Probe = """
        using Loom.Sdk;
        using Loom.Sdk.Tables;
        using Microsoft.Extensions.Logging;

        namespace Acme.Probe;

        /// <summary>Copies a table; on request spins, allocates without end, or logs what its process sees.</summary>
        [Component("acme.probe", "1.0.0", Category = "testing", Description = "Copies a table; on request it spins, allocates without end, or logs what its process sees.", Example = "probe: { component: acme.probe@1, inputs: { table: load.table }, params: { mode: copy } }")]
        [Input("table", ArtifactKind.Table, Description = "Any rows.")]
        [Output("table", ArtifactKind.Table, Description = "The same rows.")]
        public sealed class Probe : IComponent
        {
            /// <summary>What to do.</summary>
            [Parameter("mode", Choices = ["copy", "spin", "allocate", "inspect"], Description = "copy, spin, allocate or inspect.")]
            public string Mode { get; set; } = "copy";

            /// <inheritdoc/>
            public async Task ExecuteAsync(IComponentContext context)
            {
                ArgumentNullException.ThrowIfNull(context);
                context.Logger.LogInformation("process {Process}; LOOM_DATABASE is {Database}", Environment.ProcessId, Environment.GetEnvironmentVariable("LOOM_DATABASE") ?? "absent");
                long spins = 0;
                while (Mode == "spin")
                {
                    spins++;
                }

                var held = new List<byte[]>();
                while (Mode == "allocate")
                {
                    var block = new byte[16 << 20];
                    Array.Fill(block, (byte)1);
                    held.Add(block);
                }

                await context.MapTableAsync("table", "table", batch => batch);
                context.Logger.LogInformation("copied after {Spins} spins and {Blocks} blocks", spins, held.Count);
            }
        }

        """;

    private const string ProbeTests = """
        using Loom.Sdk;

        namespace Acme.Probe.Tests;

        public sealed class ProbeTests
        {
            [Fact]
            public void Its_manifest_is_complete() => Assert.Equal("acme.probe", ManifestReader.Read(typeof(Probe)).Name);
        }

        """;

    [Fact]
    public async Task A_custom_step_is_stopped_at_its_time_and_memory_limits_and_sees_no_loom_settings()
    {
        using var workspace = LoomProcess.CopyExample("penguins");
        Assert.Equal(0, (await LoomProcess.RunAsync(workspace.Path, "component", "new", "acme.probe")).Exit);
        File.WriteAllText(workspace.Combine("acme.probe", "src", "Acme.Probe", "Probe.cs"), Probe);
        File.WriteAllText(workspace.Combine("acme.probe", "tests", "Acme.Probe.Tests", "ProbeTests.cs"), ProbeTests);
        var (exit, stdout, stderr) = await LoomProcess.RunAsync(workspace.Path, "component", "publish", "acme.probe");
        Assert.True(exit == 0, stdout + stderr);
        // The workspace's limit for every custom step; the allocating step's own, lower, wins.
        File.WriteAllText(workspace.Combine("loom.yaml"), File.ReadAllText(workspace.Combine("loom.yaml")).TrimEnd() + "\n  custom_step_memory_mb: 256\n");
        foreach (var mode in new[] { "spin", "allocate", "inspect" })
        {
            workspace.Write($"pipelines/{mode}.yaml", $$"""
                apiVersion: loom/v1
                kind: Pipeline
                name: {{mode}}
                steps:
                  load: { component: data.read-csv@1, params: { path: data/penguins.csv } }
                  probe: { component: acme.probe@1, inputs: { table: load.table }, params: { mode: {{mode}} }, timeout: 5s, retries: 0{{(mode == "allocate" ? ", memory: 128MB" : "")}} }
                """);
        }

        // LOOM_DATABASE chooses the metadata database (here the workspace's own SQLite file; in production a
        // postgres:// address with its password): loom reads it, a custom step's worker must not see it.
        var environment = new Dictionary<string, string> { ["LOOM_DATABASE"] = "sqlite" };
        var spin = await RunAsync(workspace, environment, "spin");
        Assert.Equal("failed", spin.Step.GetProperty("status").GetString());
        Assert.Contains("timed out after 5s", spin.Step.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(IsRunning(spin.Process), $"the spinning worker {spin.Process} was killed");

        var allocate = await RunAsync(workspace, environment, "allocate");
        Assert.Equal("failed", allocate.Step.GetProperty("status").GetString());
        Assert.Contains("memory", allocate.Step.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("128 MB", allocate.Step.GetProperty("error").GetString(), StringComparison.Ordinal);

        var inspect = await RunAsync(workspace, environment, "inspect");
        Assert.Equal("succeeded", inspect.Step.GetProperty("status").GetString());
        Assert.Contains("LOOM_DATABASE is absent", inspect.Logs, StringComparison.Ordinal);
        Assert.NotEqual(Environment.ProcessId, inspect.Process);
    }

    /// <summary>Runs one of the probe's pipelines; its probe step's record, the step's log, and the worker's process id.</summary>
    private static async Task<(JsonElement Step, string Logs, int Process)> RunAsync(TempFolder workspace, IReadOnlyDictionary<string, string> environment, string mode)
    {
        var run = await LoomProcess.RunWithEnvironmentAsync(workspace.Path, environment, "run", $"pipelines/{mode}.yaml", "--json");
        var document = JsonDocument.Parse(run.Out).RootElement;
        var step = document.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "probe");
        var logs = (await LoomProcess.RunAsync(workspace.Path, "logs", document.GetProperty("run_id").GetString()!, "probe")).Out;
        var process = System.Text.RegularExpressions.Regex.Match(logs, @"process (\d+);");
        Assert.True(process.Success, logs);
        return (step.Clone(), logs, int.Parse(process.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static bool IsRunning(int process)
    {
        try
        {
            using var found = System.Diagnostics.Process.GetProcessById(process);
            return !found.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>A copy of the scaffolded project with edits (file, from, to); its folder's name.</summary>
    private static string Variant(TempFolder workspace, string name, params (string File, string From, string To)[] edits)
    {
        var target = workspace.Combine(name);
        foreach (var file in Directory.EnumerateFiles(workspace.Combine("acme.flags"), "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(workspace.Combine("acme.flags"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        foreach (var (file, from, to) in edits)
        {
            Edit(Path.Combine(target, file), from, to);
        }

        return name;
    }

    private static async Task AssertRefusedAsync(TempFolder workspace, string upload, string stage, params string[] findings)
    {
        var (exit, stdout, stderr) = await LoomProcess.RunAsync(workspace.Path, "component", "publish", upload);
        Assert.True(exit == 1, stdout + stderr);
        Assert.Contains($"  FAIL {stage}", stdout, StringComparison.Ordinal);
        foreach (var finding in findings)
        {
            Assert.Contains(finding, stdout, StringComparison.Ordinal);
        }

        Assert.Contains("the component did not pass the quality gate; nothing was published", stderr, StringComparison.Ordinal);
    }

    private static void Edit(string file, string from, string to)
    {
        var text = File.ReadAllText(file);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(file, text.Replace(from, to, StringComparison.Ordinal));
    }
}
