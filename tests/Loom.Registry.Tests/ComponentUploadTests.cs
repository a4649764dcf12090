using Loom.Testing;

namespace Loom.Registry.Tests;

/// <summary>Uploads are checked whole before anything is kept: paths, links, types, sizes; nothing is left on refusal.</summary>
public sealed class ComponentUploadTests
{
    [Fact]
    public async Task A_component_zip_is_extracted_with_its_folders_and_without_build_outputs()
    {
        using var folder = new TempFolder();
        var zip = folder.Combine("acme.zip");
        CraftedZips.Write(
            zip,
            ("Acme.csproj", "<Project />"),
            ("LICENSE", "MIT"),
            ("src/Rule.cs", "class Rule {}"),
            ("tests/data/rows.csv", "a,b\n1,2\n"),
            ("bin/Release/Acme.dll", "not kept"),
            ("obj/project.assets.json", "{}"),
            ("__MACOSX/src/._Rule.cs", "resource fork"),
            ("src/.DS_Store", "finder"));

        await ComponentUpload.ExtractZipAsync(zip, folder.Combine("acme") + "/", UploadLimits.Default, CancellationToken.None);

        Assert.Equal(["Acme.csproj", "LICENSE", "src/Rule.cs", "tests/data/rows.csv"], Files(folder.Combine("acme")));
        Assert.Equal(["acme", "acme.zip"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("class Rule {}", File.ReadAllText(folder.Combine("acme", "src", "Rule.cs")));
    }

    [Fact]
    public async Task A_zip_with_paths_out_of_its_folder_a_symbolic_link_or_a_program_is_refused_naming_each_and_nothing_is_written()
    {
        using var folder = new TempFolder();
        var zip = folder.Combine("evil.zip");
        CraftedZips.Write(zip, ("Acme.csproj", "<Project />"), ("../../escape.cs", "x"), ("/etc/cron.d/evil.cs", "x"), ("src/../../up.cs", "x"), ("tools/run.exe", "MZ"), ("run.sh", "rm -rf /"));

        var error = await Assert.ThrowsAsync<UploadRejectedException>(() => ComponentUpload.ExtractZipAsync(zip, folder.Combine("acme"), UploadLimits.Default, CancellationToken.None));

        Assert.Contains("'../../escape.cs' climbs out of its folder ('..')", error.Message, StringComparison.Ordinal);
        Assert.Contains("'/etc/cron.d/evil.cs' is an absolute path", error.Message, StringComparison.Ordinal);
        Assert.Contains("'src/../../up.cs' climbs out of its folder", error.Message, StringComparison.Ordinal);
        Assert.Contains("'tools/run.exe' is not a file type a component holds", error.Message, StringComparison.Ordinal);
        Assert.Contains("'run.sh' is not a file type a component holds", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Problems.Count);
        Assert.Equal(["evil.zip"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(folder.Path)!, "escape.cs")));

        var link = folder.Combine("link.zip");
        CraftedZips.WriteSymbolicLink(link, "src/secrets.json", "/etc/shadow");
        error = await Assert.ThrowsAsync<UploadRejectedException>(() => ComponentUpload.ExtractZipAsync(link, folder.Combine("acme"), UploadLimits.Default, CancellationToken.None));
        Assert.Equal(["'src/secrets.json' is a symbolic link; an upload holds files only"], error.Problems);
        Assert.False(Directory.Exists(folder.Combine("acme")));
    }

    [Fact]
    public async Task A_zip_claiming_ten_gigabytes_is_refused_from_its_directory_before_anything_is_extracted()
    {
        using var folder = new TempFolder();
        var zip = folder.Combine("bomb.zip");
        CraftedZips.WriteClaiming(zip, "data/huge.csv", 10L << 30);

        var error = await Assert.ThrowsAsync<UploadRejectedException>(() => ComponentUpload.ExtractZipAsync(zip, folder.Combine("acme"), UploadLimits.Default, CancellationToken.None));

        Assert.Contains("'data/huge.csv' is 10240 MB, more than the 20 MB a file may be", error.Message, StringComparison.Ordinal);
        Assert.Contains("its files are 10240 MB together, more than the 100 MB an upload may be", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Combine("acme")));
    }

    [Fact]
    public async Task A_zip_holding_more_than_it_claims_is_stopped_while_extracting_and_leaves_nothing()
    {
        using var folder = new TempFolder();
        var zip = folder.Combine("liar.zip");
        CraftedZips.WriteUnderclaiming(zip, "data/rows.csv", actual: 1 << 20, claimed: 100);

        var error = await Assert.ThrowsAsync<UploadRejectedException>(() => ComponentUpload.ExtractZipAsync(zip, folder.Combine("acme"), UploadLimits.Default, CancellationToken.None));

        Assert.Equal(["'data/rows.csv' does not match its checksum: the zip is damaged, or the file holds other bytes than the zip claims"], error.Problems);
        Assert.Equal(["liar.zip"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_file_that_is_not_a_zip_and_an_upload_over_the_file_count_are_refused()
    {
        using var folder = new TempFolder();
        var text = folder.Write("notes.zip", "just text");
        var error = await Assert.ThrowsAsync<UploadRejectedException>(() => ComponentUpload.ExtractZipAsync(text, folder.Combine("acme"), UploadLimits.Default, CancellationToken.None));
        Assert.StartsWith("it is not a zip file, or a damaged one", error.Problems.Single(), StringComparison.Ordinal);

        var damaged = folder.Combine("damaged.zip");
        CraftedZips.WriteWithCompressionMethod(damaged, "src/Rule.cs", "class Rule {}", method: 99);
        error = await Assert.ThrowsAsync<UploadRejectedException>(() => ComponentUpload.ExtractZipAsync(damaged, folder.Combine("acme"), UploadLimits.Default, CancellationToken.None));
        Assert.StartsWith("it is not a zip file, or a damaged one", error.Problems.Single(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Combine("acme")));

        var many = folder.Combine("many.zip");
        CraftedZips.Write(many, Enumerable.Range(1, 4).Select(i => ($"src/F{i}.cs", "class F {}")).ToArray());
        error = await Assert.ThrowsAsync<UploadRejectedException>(() => ComponentUpload.ExtractZipAsync(many, folder.Combine("acme"), new UploadLimits(MaxFiles: 3), CancellationToken.None));
        Assert.Equal(["it holds 4 files, more than the 3 an upload may hold"], error.Problems);
    }

    [Fact]
    public async Task A_folder_is_copied_without_build_outputs_and_refused_when_it_holds_a_symbolic_link()
    {
        using var folder = new TempFolder();
        folder.Write("acme/Acme.csproj", "<Project />");
        folder.Write("acme/src/Rule.cs", "class Rule {}");
        folder.Write("acme/bin/Debug/Acme.dll", "built");
        folder.Write("acme/.git/HEAD", "ref: refs/heads/main");

        await ComponentUpload.CopyFolderAsync(folder.Combine("acme"), folder.Combine("copy"), UploadLimits.Default, CancellationToken.None);
        Assert.Equal(["Acme.csproj", "src/Rule.cs"], Files(folder.Combine("copy")));

        File.CreateSymbolicLink(folder.Combine("acme", "src", "passwords.txt"), "/etc/passwd");
        var error = await Assert.ThrowsAsync<UploadRejectedException>(() => ComponentUpload.CopyFolderAsync(folder.Combine("acme"), folder.Combine("again"), UploadLimits.Default, CancellationToken.None));
        Assert.Equal(["'src/passwords.txt' is a symbolic link; an upload holds files only"], error.Problems);
        Assert.False(Directory.Exists(folder.Combine("again")));
    }

    private static List<string> Files(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
}
