namespace Plankton.Cli.Tests;

/// <summary>Runs the tool in process with captured output.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Gets the bytes written to binary stdout (by <c>download -o -</c>).</summary>
    public byte[] Binary { get; init; } = [];

    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CliApp.RunAsync(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs with binary stdin (for <c>put -</c>) and captured binary stdout, optionally cancelled.</summary>
    public static async Task<CliRun> RunAsync(byte[]? input, CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stdin = new MemoryStream(input ?? []);
        using var stdout = new MemoryStream();
        int code = await CliApp.RunAsync(args, output, error, stdin, stdout, cancellationToken);
        return new CliRun(code, output.ToString(), error.ToString()) { Binary = stdout.ToArray() };
    }
}
