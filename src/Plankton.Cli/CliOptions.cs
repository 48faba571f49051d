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

    public static readonly Option<string?> Store = new("--store")
    {
        Description = "The store folder (catalogue.db + blocks/), created on first use. Default: $PLANKTON_STORE, else ~/.local/share/plankton.",
        Recursive = true,
    };

    public static readonly Option<string?> User = new("--user")
    {
        Description = "The user every operation acts for. Default: $PLANKTON_USER, else the OS user name.",
        Recursive = true,
    };
}
