using System.CommandLine;
using System.Globalization;
using Plankton.Core.Images;
using Plankton.Core.Ingestion;

namespace Plankton.Cli.Commands;

/// <summary><c>plankton put FILE|- --name NAME [...]</c>: uploads a file as a new image.</summary>
internal static class PutCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var file = new Argument<string>("file") { Description = "The file to upload, or - for standard input." };
        var command = new Command("put", "Upload a file as a new image (saving, then active once the data is complete); prints the image.")
        {
            file,
        };
        ImageAttributeOptions attributes = ImageAttributeOptions.AddTo(command, forUpdate: false);
        var fileName = new Option<string?>("--file-name")
        {
            Description = "The object name in your images container (default: the image name); lets two images share a name.",
        };
        command.Options.Add(fileName);
        ExpectedDataOptions expected = ExpectedDataOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async () =>
        {
            string path = parse.GetValue(file)!;
            bool quiet = parse.GetValue(CliOptions.Quiet);
            ImageCreateRequest request = attributes.ToCreateRequest(parse);
            expected.Apply(parse, request);
            await using Stream input = path == "-" ? runtime.OpenStandardInput() : File.OpenRead(path);
            long? total = input.CanSeek ? input.Length : null;
            using StoreSession session = await StoreSession.OpenAsync(parse, cancellationToken);
            request.FileName = parse.GetValue(fileName);
            ImageUploadResult result = await ProgressDisplay.RunAsync("put", total, quiet, runtime.Error, progress =>
            {
                request.Ingest = new IngestOptions { Progress = progress };
                return session.Images.UploadAsync(session.User, input, request, cancellationToken).AsTask();
            });
            ImageOutput.Write(runtime, parse.GetValue(CliOptions.Json), result.Image);
            if (!quiet)
            {
                runtime.Error.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"put: {result.NewBytes} bytes new ({Sizes.Format(result.NewBytes)}), {result.DeduplicatedBytes} bytes deduplicated ({Sizes.Format(result.DeduplicatedBytes)})"));
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
