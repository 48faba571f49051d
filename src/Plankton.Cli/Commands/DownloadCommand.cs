using System.Buffers;
using System.CommandLine;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Images;

namespace Plankton.Cli.Commands;

/// <summary><c>plankton download ID [-o FILE|-] [--offset N] [--length N]</c>: streams an image's data.</summary>
internal static class DownloadCommand
{
    private const int BufferSize = 1 << 20;

    public static Command Create(CliRuntime runtime)
    {
        Argument<string> id = ImageCall.IdArgument();
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
        return ImageCall.Bind(runtime, command, id, async call =>
        {
            string target = call.Get(output)!;
            bool quiet = call.Get(CliOptions.Quiet);
            if (target == "-" && runtime.StandardOutputIsTerminal)
            {
                throw new ArgumentException("Refusing to write image data to a terminal: give -o FILE, or redirect standard output.");
            }

            long start = call.Get(offset);
            long? count = call.Get(length);
            ImageRecord image = await call.Images.GetAsync(call.User, call.Id, cancellationToken: call.CancellationToken);
            await using Stream data = await call.Images.OpenReadAsync(call.User, call.Id, start, count, call.CancellationToken);

            // The whole image read: its checksum is checked at the end (each block was checked as it was read).
            ChecksumAccumulator? checksum = start == 0 && (count is null || count >= image.Size) ? new ChecksumAccumulator(call.Session.BlockSize) : null;
            long total = data.Length;
            if (target == "-")
            {
                await using Stream stdout = runtime.OpenStandardOutput();
                await ProgressDisplay.RunAsync("download", total, quiet, runtime.Error, progress => CopyAsync(data, stdout, checksum, progress, call.CancellationToken));
                Verify(image, checksum);
                return ExitCodes.Success;
            }

            string path = Path.GetFullPath(target);
            string temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.plankton-part");
            try
            {
                await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous))
                {
                    await ProgressDisplay.RunAsync("download", total, quiet, runtime.Error, progress => CopyAsync(data, file, checksum, progress, call.CancellationToken));
                    file.Flush(flushToDisk: true);
                }

                call.CancellationToken.ThrowIfCancellationRequested();
                Verify(image, checksum);
                File.Move(temp, path, overwrite: true);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }

            return ExitCodes.Success;
        });
    }

    /// <summary>Throws <see cref="BlockIntegrityException"/> (exit code 6) when the whole image was read and does not hash to its checksum.</summary>
    private static void Verify(ImageRecord image, ChecksumAccumulator? checksum)
    {
        if (checksum?.Finish() is BlockHash actual && !string.Equals(actual.ToString(), image.Checksum, StringComparison.OrdinalIgnoreCase))
        {
            throw new BlockIntegrityException($"Image '{image.Id:D}' read back with checksum {actual}, but its checksum is {image.Checksum}: the data is not what was stored.");
        }
    }

    private static async Task<long> CopyAsync(Stream source, Stream destination, ChecksumAccumulator? checksum, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long copied = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                checksum?.Append(buffer.AsSpan(0, read));
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
