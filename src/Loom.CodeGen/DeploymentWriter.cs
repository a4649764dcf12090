namespace Loom.CodeGen;

/// <summary>Writes what builds, tests and ships the generated solution: a Dockerfile for the service, and GitHub Actions and Azure Pipelines workflows.</summary>
internal static class DeploymentWriter
{
    /// <summary>The commands every CI workflow runs, in order, from the solution's folder.</summary>
    public static IReadOnlyList<(string Name, string Command)> Commands(string n) =>
    [
        ("Restore", $"dotnet restore {n}.slnx"),
        ("Build", $"dotnet build {n}.slnx -c Release --no-restore -warnaserror"),
        ("Check formatting", $"dotnet format {n}.slnx --verify-no-changes --no-restore"),
        ("Test", $"dotnet test {n}.slnx -c Release --no-build --logger trx --results-directory test-results"),
        ("Publish", $"dotnet publish src/{n}.Api/{n}.Api.csproj -c Release --no-build -o publish/api && dotnet publish src/{n}.Training/{n}.Training.csproj -c Release --no-build -o publish/training"),
    ];

    public static IEnumerable<(string File, string Text)> Write(EmittedPipeline pipeline)
    {
        var n = pipeline.Code.Name;
        var image = n.ToLowerInvariant() + "-api";
        yield return ("Dockerfile", $"""
            # The prediction service: built and published with the SDK image, run as a non-root user on the ASP.NET image.
            #   docker build -t {image} .
            #   docker run --rm -p 8080:8080 {image}
            FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
            WORKDIR /src
            COPY . .
            RUN dotnet publish src/{n}.Api/{n}.Api.csproj -c Release -o /app

            FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
            # LightGBM's native library needs the OpenMP runtime.
            RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/*
            WORKDIR /app
            COPY --from=build /app .
            USER $APP_UID
            ENV ASPNETCORE_URLS=http://+:8080
            EXPOSE 8080
            ENTRYPOINT ["dotnet", "{n}.Api.dll"]

            """);
        yield return (".dockerignore", """
            **/bin/
            **/obj/
            out/
            publish/
            test-results/
            .git/

            """);
        yield return (".gitignore", """
            bin/
            obj/
            out/
            publish/
            test-results/

            """);
        // The tests retrain, so they read the database the pipeline reads: its connection string comes from the CI system's secrets.
        var variables = pipeline.Code.EnvironmentVariables;
        var githubEnv = string.Concat(variables.Select(v => $"          {v}: ${{{{ secrets.{v} }}}}\n"));
        var azureEnv = string.Concat(variables.Select(v => $"      {v}: $({v})\n"));
        var steps = string.Concat(Commands(n).Select(c => $"      - name: {c.Name}\n        run: {c.Command}\n" + (c.Name == "Test" && variables.Count > 0 ? "        env:\n" + githubEnv : "")));
        yield return (".github/workflows/ci.yml", $$$"""
            # Builds, checks formatting, tests and publishes on every push and pull request; pushes the service's
            # image to the GitHub container registry from main.
            name: ci
            on:
              push:
                branches: [main]
              pull_request:

            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - uses: actions/setup-dotnet@v4
                    with:
                      dotnet-version: 10.0.x
            {{{steps}}}      - uses: actions/upload-artifact@v4
                    if: always()
                    with:
                      name: test-results
                      path: test-results
                  - uses: actions/upload-artifact@v4
                    with:
                      name: {{{image}}}
                      path: publish

              image:
                needs: build
                if: github.ref == 'refs/heads/main'
                runs-on: ubuntu-latest
                permissions:
                  contents: read
                  packages: write
                steps:
                  - uses: actions/checkout@v4
                  - uses: docker/login-action@v3
                    with:
                      registry: ghcr.io
                      username: ${{ github.actor }}
                      password: ${{ secrets.GITHUB_TOKEN }}
                  - uses: docker/build-push-action@v6
                    with:
                      context: .
                      push: true
                      tags: ghcr.io/${{ github.repository_owner }}/{{{image}}}:${{ github.sha }}

            """);
        var scripts = string.Concat(Commands(n).Select(c => $"  - script: {c.Command}\n    displayName: {c.Name}\n" + (c.Name == "Test" && variables.Count > 0 ? "    env:\n" + azureEnv : "")));
        yield return ("azure-pipelines.yml", $$$"""
            # Builds, checks formatting, tests and publishes on every push and pull request; builds the service's
            # image on main (add a Docker@2 push step with your registry's service connection to ship it).
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
                displayName: .NET SDK
                inputs:
                  packageType: sdk
                  version: 10.0.x
            {{{scripts}}}  - task: PublishTestResults@2
                displayName: Test results
                condition: always()
                inputs:
                  testResultsFormat: VSTest
                  testResultsFiles: test-results/*.trx
              - task: PublishPipelineArtifact@1
                displayName: Artifacts
                inputs:
                  targetPath: publish
                  artifact: {{{image}}}
              - script: docker build -t {{{image}}}:$(Build.SourceVersion) .
                displayName: Image
                condition: and(succeeded(), eq(variables['Build.SourceBranch'], 'refs/heads/main'))

            """);
    }
}
