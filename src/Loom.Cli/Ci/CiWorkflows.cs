using System.Reflection;

namespace Loom.Cli.Ci;

/// <summary>
/// The CI workflows <c>loom ci init</c> writes: on every push and pull request, install loom and run
/// <c>loom ci</c> with a JUnit report; on main, when a pipeline is named, also run it, register its model and
/// promote that version to staging (through a gate when one is named).
/// </summary>
internal static class CiWorkflows
{
    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["github"] = ".github/workflows/loom.yml",
        ["azure"] = "azure-pipelines.yml",
        ["gitlab"] = ".gitlab-ci.yml",
    };

    /// <summary>What to train, register and promote on main.</summary>
    public sealed record Release(string Pipeline, string Output, string Model, string? Gate);

    public static string Write(string system, Release? release)
    {
        var install = $"dotnet tool install --global Loom.Cli --version {Version()}";
        var promote = release is null ? null : PromoteScript(release);
        return system switch
        {
            "github" => GitHub(install, promote),
            "azure" => Azure(install, promote),
            _ => GitLab(install, promote),
        };
    }

    /// <summary>The shell lines that run the pipeline, register its model and promote it to staging; they need nothing but loom and sed.</summary>
    public static string PromoteScript(Release release) => $"""
        run=$(loom run {release.Pipeline} --json | sed -n 's/^  "run_id": "\(.*\)",$/\1/p')
        version=$(loom models register "$run" {release.Output} --name {release.Model} --json | sed -n 's/^  "version": \([0-9]*\),$/\1/p')
        loom models promote {release.Model} "$version" --to staging{(release.Gate is null ? "" : $" --gate {release.Gate}")} --reason "CI build of $COMMIT"
        """;

    private static string GitHub(string install, string? promote) => $$$"""
        # Written by 'loom ci init github'. Every push and pull request: validate the pipelines, build and test the
        # components, run the smoke pipelines, check the gates. On main: train, register, promote to staging.
        # Loom.Cli comes from your NuGet feed (add it with 'dotnet nuget add source' or a nuget.config).
        # The metadata database is the LOOM_DATABASE secret (postgres://...), so every job shares one registry.
        # Artifacts (data snapshots, models) go to the folder the LOOM_ARTIFACTS variable names when every job reaches
        # it (a self-hosted runner's shared mount); else to .loom/artifacts, which the cache step carries from build to
        # build. GitHub evicts caches unused for 7 days: a registry that must outlive that needs LOOM_ARTIFACTS.
        name: loom
        on:
          push:
            branches: [main]
          pull_request:
        jobs:
          loom:
            runs-on: ubuntu-latest
            env:
              LOOM_DATABASE: ${{ secrets.LOOM_DATABASE }}
              LOOM_ARTIFACTS: ${{ vars.LOOM_ARTIFACTS }}
            steps:
              - uses: actions/checkout@v4
              - uses: actions/setup-dotnet@v4
                with:
                  dotnet-version: "10.0.x"
              - name: Restore the artifact folder
                uses: actions/cache@v4
                with:
                  path: .loom/artifacts
                  key: loom-artifacts-${{ github.run_id }}
                  restore-keys: loom-artifacts-
              - name: Install loom
                run: {{{install}}} && echo "$HOME/.dotnet/tools" >> "$GITHUB_PATH"
              - name: Check pipelines, components and gates
                run: loom ci --junit test-results/loom-ci.xml
              - name: Keep the report
                if: always()
                uses: actions/upload-artifact@v4
                with:
                  name: loom-ci
                  path: test-results
        """ + "\n" + (promote is null ? "" : $$$"""
              - name: Train, register and promote to staging
                if: github.ref == 'refs/heads/main'
                env:
                  COMMIT: ${{ github.sha }}
                run: |
        {{{Indent(promote, 10)}}}

        """);

    private static string Azure(string install, string? promote) => $$"""
        # Written by 'loom ci init azure'. Every push and pull request: validate the pipelines, build and test the
        # components, run the smoke pipelines, check the gates. On main: train, register, promote to staging.
        # Loom.Cli comes from your NuGet feed; the metadata database is the LOOM_DATABASE secret variable. Artifacts go
        # to the folder the LOOM_ARTIFACTS variable names when every agent reaches it; else to .loom/artifacts, which
        # the cache step carries from build to build (caches expire: a lasting registry needs LOOM_ARTIFACTS).
        trigger:
          branches:
            include: [main]
        pr:
          branches:
            include: ['*']
        pool:
          vmImage: ubuntu-latest
        steps:
          - task: UseDotNet@2
            inputs:
              version: 10.0.x
          - script: {{install}} && echo "##vso[task.prependpath]$HOME/.dotnet/tools"
            displayName: Install loom
          - task: Cache@2
            displayName: Restore the artifact folder
            inputs:
              key: 'loom-artifacts | "$(Build.BuildId)"'
              restoreKeys: loom-artifacts
              path: .loom/artifacts
          - script: loom ci --junit test-results/loom-ci.xml
            displayName: Check pipelines, components and gates
            env:
              LOOM_DATABASE: $(LOOM_DATABASE)
          - task: PublishTestResults@2
            condition: always()
            inputs:
              testResultsFormat: JUnit
              testResultsFiles: test-results/loom-ci.xml
        """ + "\n" + (promote is null ? "" : $$"""
          - script: |
        {{Indent(promote, 6)}}
            displayName: Train, register and promote to staging
            condition: and(succeeded(), eq(variables['Build.SourceBranch'], 'refs/heads/main'))
            env:
              LOOM_DATABASE: $(LOOM_DATABASE)
              COMMIT: $(Build.SourceVersion)

        """);

    private static string GitLab(string install, string? promote) => $$"""
        # Written by 'loom ci init gitlab'. Every push and merge request: validate the pipelines, build and test the
        # components, run the smoke pipelines, check the gates. On main: train, register, promote to staging.
        # Loom.Cli comes from your NuGet feed; the metadata database is the LOOM_DATABASE CI/CD variable. Artifacts go
        # to the folder the LOOM_ARTIFACTS variable names when every runner reaches it; else to .loom/artifacts, which
        # the cache carries from job to job (caches can be cleared: a lasting registry needs LOOM_ARTIFACTS).
        image: mcr.microsoft.com/dotnet/sdk:10.0
        stages: [check, release]
        cache:
          key: loom-artifacts
          paths: [.loom/artifacts]
        before_script:
          - {{install}}
          - export PATH="$PATH:$HOME/.dotnet/tools"
        loom-ci:
          stage: check
          script:
            - loom ci --junit test-results/loom-ci.xml
          artifacts:
            when: always
            reports:
              junit: test-results/loom-ci.xml
        """ + "\n" + (promote is null ? "" : $$"""
        promote-staging:
          stage: release
          rules:
            - if: $CI_COMMIT_BRANCH == "main"
          variables:
            COMMIT: $CI_COMMIT_SHA
          script:
            - |
        {{Indent(promote, 6)}}

        """);

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Split('\n').Select(line => new string(' ', spaces) + line));

    private static string Version()
    {
        var version = typeof(CiWorkflows).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
