using System.CommandLine;

namespace Plankton.Cli;

/// <summary>The options every command shares.</summary>
internal static class CliOptions
{
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print data as JSON on stdout (snake_case fields, see docs/cli.md); nothing else goes to stdout.",
        Recursive = true,
    };

    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress output on stderr.",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "On error, print the full exception (with stack trace) instead of one line.",
        Recursive = true,
    };
}
