using System.Buffers;
using System.CommandLine;

namespace Plankton.Cli.Commands;

/// <summary><c>plankton download ID [-o FILE|-] [--offset N] [--length N]</c>: streams an image's data.</summary>
internal static class DownloadCommand
{
    private const int BufferSize = 1 << 20;

    public static Command Create(CliRuntime runtime)
    {
        var id = new Argument<string>("id") { Description = "The image id (a UUID)." };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Where to write: a file (written beside it under a temporary name, renamed when complete), or - for standard output (the default).",
            DefaultValueFactory = _ => "-",
        };
        var offset = new Option<long>("--offset") { Description = "The first byte to read (default 0)." };
        var length = new Option<long?>("--length") { Description = "The most bytes to read (default: up to the end)." };
        var command = new Command("download", "Stream an image's data (an active image, or a deactivated one for its owner) to a file or standard output.")
        {
            id,
            output,
            offset,
            length,
        };
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async () =>
        {
            Guid imageId = ImageAttributeOptions.ParseId(parse.GetValue(id)!);
            string target = parse.GetValue(output)!;
            bool quiet = parse.GetValue(CliOptions.Quiet);
            if (target == "-" && runtime.StandardOutputIsTerminal)
            {
                throw new ArgumentException("Refusing to write image data to a terminal: give -o FILE, or redirect standard output.");
            }

            using StoreSession session = await StoreSession.OpenAsync(parse, cancellationToken);
            await using Stream data = await session.Images.OpenReadAsync(session.User, imageId, parse.GetValue(offset), parse.GetValue(length), cancellationToken);
            long total = data.Length;
            if (target == "-")
            {
                await using Stream stdout = runtime.OpenStandardOutput();
                await ProgressDisplay.RunAsync("download", total, quiet, runtime.Error, progress => CopyAsync(data, stdout, progress, cancellationToken));
                return ExitCodes.Success;
            }

            string path = Path.GetFullPath(target);
            string temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.plankton-part");
            try
            {
                await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous))
                {
                    await ProgressDisplay.RunAsync("download", total, quiet, runtime.Error, progress => CopyAsync(data, file, progress, cancellationToken));
                    file.Flush(flushToDisk: true);
                }

                cancellationToken.ThrowIfCancellationRequested();
                File.Move(temp, path, overwrite: true);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<long> CopyAsync(Stream source, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long copied = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                copied += read;
                progress?.Report(copied);
            }

            await destination.FlushAsync(cancellationToken);
            return copied;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
