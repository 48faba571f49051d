using System.CommandLine;
using Plankton.Cli.Commands;

namespace Plankton.Cli;

/// <summary>Builds the command tree and runs one command line.</summary>
internal static class CliApp
{
    public static RootCommand Build(CliRuntime runtime)
    {
        var root = new RootCommand("plankton: Pithos-style VM image registry on the embedded store (SQLite + files).")
        {
            CliOptions.Json,
            CliOptions.Quiet,
            CliOptions.Verbose,
        };
        root.Subcommands.Add(HashCommand.Create(runtime));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; usage errors exit with <see cref="ExitCodes.Usage"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var runtime = new CliRuntime(output, error);
        ParseResult parse = Build(runtime).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError parseError in parse.Errors)
            {
                error.WriteLine($"plankton: {parseError.Message}");
            }

            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await parse.InvokeAsync(configuration, cancellationToken);
    }
}
