using System.CommandLine;

namespace Plankton.Cli;

/// <summary>Where a run of the tool writes, and how every command's errors become one line and an exit code.</summary>
internal sealed class CliRuntime(TextWriter output, TextWriter error)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Runs a command body; any exception becomes one line on stderr (the full exception with --verbose) and its exit code.</summary>
    public async Task<int> RunAsync(ParseResult parse, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            Error.WriteLine(parse.GetValue(CliOptions.Verbose) ? $"plankton: {error}" : $"plankton: {ErrorMapping.MessageFor(error)}");
            return ErrorMapping.ExitCodeFor(error);
        }
    }
}
