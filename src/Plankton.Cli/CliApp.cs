using System.CommandLine;
using Plankton.Cli.Commands;

namespace Plankton.Cli;

/// <summary>Builds the command tree and runs one command line.</summary>
internal static class CliApp
{
    /// <summary>How long Ctrl-C waits for a command to clean up (remove its half image or temp file) before the process ends.</summary>
    private static readonly TimeSpan s_terminationTimeout = TimeSpan.FromSeconds(10);

    public static RootCommand Build(CliRuntime runtime)
    {
        var root = new RootCommand("plankton: Pithos-style VM image registry on the embedded store (SQLite + files), or scaled out (PostgreSQL catalogue, S3 blocks).")
        {
            CliOptions.Json,
            CliOptions.Quiet,
            CliOptions.Verbose,
            CliOptions.Store,
            CliOptions.User,
            CliOptions.Catalogue,
            CliOptions.PgSchema,
            CliOptions.BlockStore,
            CliOptions.S3Endpoint,
            CliOptions.S3Bucket,
            CliOptions.S3Prefix,
            CliOptions.S3Region,
        };
        root.Subcommands.Add(PutCommand.Create(runtime));
        root.Subcommands.Add(RegisterCommand.Create(runtime));
        root.Subcommands.Add(ListCommand.Create(runtime));
        root.Subcommands.Add(ImageCommands.Show(runtime));
        root.Subcommands.Add(ImageCommands.Update(runtime));
        root.Subcommands.Add(ImageCommands.Delete(runtime));
        root.Subcommands.Add(ImageCommands.Unregister(runtime));
        root.Subcommands.Add(ImageCommands.Deactivate(runtime));
        root.Subcommands.Add(ImageCommands.Reactivate(runtime));
        root.Subcommands.Add(DownloadCommand.Create(runtime));
        root.Subcommands.Add(HashCommand.Create(runtime));
        root.Subcommands.Add(ImageCommands.Clone(runtime));
        root.Subcommands.Add(VersionsCommand.Create(runtime));
        root.Subcommands.Add(MembersCommand.Create(runtime));
        root.Subcommands.Add(StatsCommand.Create(runtime));
        root.Subcommands.Add(MaintenanceCommands.Gc(runtime));
        root.Subcommands.Add(MaintenanceCommands.Verify(runtime));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/> with the process's binary stdin and stdout.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, null, null, cancellationToken);

    /// <summary>Parses and runs <paramref name="args"/>; usage errors exit with <see cref="ExitCodes.Usage"/>.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Text stdout.</param>
    /// <param name="error">Text stderr.</param>
    /// <param name="standardInput">Binary stdin for <c>put -</c>; <see langword="null"/> for the process's.</param>
    /// <param name="standardOutput">Binary stdout for <c>download -o -</c>; <see langword="null"/> for the process's.</param>
    /// <param name="cancellationToken">Cancels the command (as Ctrl-C does).</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter output,
        TextWriter error,
        Stream? standardInput,
        Stream? standardOutput,
        CancellationToken cancellationToken = default)
    {
        var runtime = new CliRuntime(output, error, standardInput, standardOutput);
        ParseResult parse = Build(runtime).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError parseError in parse.Errors)
            {
                error.WriteLine($"plankton: {parseError.Message}");
            }

            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = s_terminationTimeout };
        return await parse.InvokeAsync(configuration, cancellationToken);
    }
}
