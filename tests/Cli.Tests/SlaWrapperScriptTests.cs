using System.Diagnostics;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// The repository's <c>./sla</c> wrapper: with an up-to-date publish it starts that binary with the arguments as given
/// and publishes nothing; <c>SLA_PUBLISH=composite</c> publishes self-contained as one ReadyToRun composite. (A stale or missing publish runs <c>dotnet publish</c>, a minute of work; that path is what
/// the README's main command exercises.)
/// </summary>
public sealed class SlaWrapperScriptTests : IDisposable
{
    private readonly string _build = Directory.CreateTempSubdirectory("sla-wrapper-").FullName;

    public void Dispose() => Directory.Delete(_build, recursive: true);

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlaKpiDsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("SlaKpiDsl.sln not found");
    }

    [Fact]
    public void An_up_to_date_publish_is_run_directly_with_the_arguments_unchanged()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // a bash script
        // A stand-in for the published binary that prints its arguments, one a line.
        var fake = Path.Combine(_build, "sla");
        File.WriteAllText(fake, "#!/usr/bin/env bash\necho fake-sla\nprintf '%s\\n' \"$@\"\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var stamp = Path.Combine(_build, ".published");
        File.WriteAllText(stamp, "");
        File.SetLastWriteTimeUtc(stamp, DateTime.UtcNow.AddYears(1)); // newer than every source file

        var (code, output, error) = Run(Path.Combine(Root(), "sla"), "evaluate", "a b", "--period", "2026-11");

        Assert.True(code == 0, error);
        Assert.Equal(["fake-sla", "evaluate", "a b", "--period", "2026-11"], output.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("publishing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_publish_older_than_a_source_file_is_stale()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var fake = Path.Combine(_build, "sla");
        File.WriteAllText(fake, "#!/usr/bin/env bash\necho fake-sla\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var stamp = Path.Combine(_build, ".published");
        File.WriteAllText(stamp, "");
        File.SetLastWriteTimeUtc(stamp, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)); // older than every source file
        // Stop at the staleness decision: a `dotnet` on PATH that fails at once instead of publishing for a minute.
        var bin = Directory.CreateDirectory(Path.Combine(_build, "fake-bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "dotnet"), "#!/usr/bin/env bash\necho \"dotnet $*\" >&2\nexit 42\n");
        File.SetUnixFileMode(Path.Combine(bin, "dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var (code, output, error) = Run(Path.Combine(Root(), "sla"), ["--version"], bin);

        Assert.Equal(42, code);
        Assert.Contains("publishing src/Cli", error, StringComparison.Ordinal);
        Assert.Contains("dotnet publish", error, StringComparison.Ordinal);
        Assert.Contains("-p:PublishReadyToRun=true", error, StringComparison.Ordinal);
        Assert.DoesNotContain("fake-sla", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_composite_publish_is_self_contained_with_its_own_intermediate_files_and_replaces_a_framework_one()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var fake = Path.Combine(_build, "sla");
        File.WriteAllText(fake, "#!/usr/bin/env bash\necho fake-sla\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var stamp = Path.Combine(_build, ".published");
        File.WriteAllText(stamp, ""); // an older framework-dependent publish, newer than every source file
        File.SetLastWriteTimeUtc(stamp, DateTime.UtcNow.AddYears(1));
        var bin = Directory.CreateDirectory(Path.Combine(_build, "fake-bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "dotnet"), "#!/usr/bin/env bash\necho \"dotnet $*\" >&2\nexit 42\n");
        File.SetUnixFileMode(Path.Combine(bin, "dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var (code, output, error) = Run(Path.Combine(Root(), "sla"), ["--version"], bin, "composite");

        Assert.Equal(42, code); // stale: the folder holds the other mode's publish
        Assert.Contains($"publishing src/Cli ({Rid()}, ReadyToRun, composite)", error, StringComparison.Ordinal);
        Assert.Contains("--self-contained true -p:PublishReadyToRunComposite=true", error, StringComparison.Ordinal);
        Assert.Contains($"--artifacts-path {_build}/.artifacts", error, StringComparison.Ordinal);
        Assert.DoesNotContain("fake-sla", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_publish_mode_is_refused_by_name()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var (code, output, error) = Run(Path.Combine(Root(), "sla"), ["--version"], null, "aot");
        Assert.Equal(1, code);
        Assert.Equal("sla: SLA_PUBLISH='aot' is neither 'framework' (the default) nor 'composite'\n", error);
        Assert.Equal("", output);
    }

    private static string Rid() => (OperatingSystem.IsLinux() ? "linux-" : "osx-")
        + (System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "x64");

    private (int Code, string Output, string Error) Run(string script, params string[] args) => Run(script, args, null);

    private (int Code, string Output, string Error) Run(string script, string[] args, string? pathFirst, string? publishMode = null)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["SLA_BUILD_DIR"] = _build;
        if (publishMode is null) start.Environment.Remove("SLA_PUBLISH");
        else start.Environment["SLA_PUBLISH"] = publishMode;
        if (pathFirst is not null) start.Environment["PATH"] = pathFirst + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}
