using System.CommandLine;

namespace Plankton.Cli;

/// <summary>Where a run of the tool reads and writes, and how every command's errors become one line and an exit code.</summary>
/// <param name="output">Text on stdout.</param>
/// <param name="error">Text on stderr.</param>
/// <param name="standardInput">Binary stdin (for <c>put -</c>); <see langword="null"/> for the process's.</param>
/// <param name="standardOutput">Binary stdout (for <c>download -o -</c>); <see langword="null"/> for the process's.</param>
internal sealed class CliRuntime(TextWriter output, TextWriter error, Stream? standardInput = null, Stream? standardOutput = null)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Opens binary standard input; the caller disposes the returned stream (which leaves a given stream open).</summary>
    public Stream OpenStandardInput() => standardInput is null ? Console.OpenStandardInput() : new LeaveOpenStream(standardInput);

    /// <summary>Gets a value indicating whether binary standard output is the process's and a terminal.</summary>
    public bool StandardOutputIsTerminal => standardOutput is null && !Console.IsOutputRedirected;

    /// <summary>Opens binary standard output; the caller disposes the returned stream (which leaves a given stream open).</summary>
    public Stream OpenStandardOutput() => standardOutput is null ? Console.OpenStandardOutput() : new LeaveOpenStream(standardOutput);

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

    /// <summary>A stream that passes everything through but does not dispose the stream it wraps.</summary>
    private sealed class LeaveOpenStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
    }
}
