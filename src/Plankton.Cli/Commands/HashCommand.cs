using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Plankton.Core.Hashing;
using Plankton.Core.Ingestion;

namespace Plankton.Cli.Commands;

/// <summary><c>plankton hash FILE|- [--block-size N]</c>: the Pithos checksum of a file, without a store.</summary>
internal static class HashCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var file = new Argument<string>("file") { Description = "The file to hash, or - for standard input." };
        var blockSize = new Option<int>("--block-size")
        {
            Description = "Block size in bytes: a power of two from 4096 to 67108864.",
            DefaultValueFactory = _ => HashingConstants.DefaultBlockSize,
        };
        blockSize.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (!HashingConstants.IsValidBlockSize(value))
            {
                result.AddError($"--block-size must be a power of two from {HashingConstants.MinBlockSize} to {HashingConstants.MaxBlockSize}; {value} is not.");
            }
        });

        var command = new Command("hash", "Compute the Pithos checksum (top hash), size and block count of a file, as a client does before uploading.")
        {
            file,
            blockSize,
        };
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async () =>
        {
            string path = parse.GetValue(file)!;
            int size = parse.GetValue(blockSize);
            await using Stream input = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
            long? total = input.CanSeek ? input.Length : null;
            Hashmap hashmap = await ProgressDisplay.RunAsync("hash", total, parse.GetValue(CliOptions.Quiet), runtime.Error, progress =>
                PithosStreamHasher.HashAsync(input, size, new IngestOptions { Progress = progress }, cancellationToken).AsTask());
            Write(runtime, parse.GetValue(CliOptions.Json), path, hashmap);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Write(CliRuntime runtime, bool json, string path, Hashmap hashmap)
    {
        if (json)
        {
            var document = new Dictionary<string, object>
            {
                ["file"] = path,
                ["checksum"] = hashmap.TopHash.ToString(),
                ["size"] = hashmap.Size,
                ["block_size"] = hashmap.BlockSize,
                ["blocks"] = hashmap.Count,
            };
            runtime.Output.WriteLine(JsonSerializer.Serialize(document));
            return;
        }

        runtime.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{hashmap.TopHash}  {path}"));
        runtime.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"size {hashmap.Size} ({Sizes.Format(hashmap.Size)}), {hashmap.Count} blocks of {hashmap.BlockSize} bytes"));
    }
}
