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
            ImageRecord image = await ProgressDisplay.RunAsync("put", total, quiet, runtime.Error, progress =>
            {
                request.Ingest = new IngestOptions { Progress = progress };
                return session.Images.PutAsync(session.User, input, request, cancellationToken).AsTask();
            });
            ImageOutput.Write(runtime, parse.GetValue(CliOptions.Json), image);
            if (!quiet)
            {
                runtime.Error.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"put: {session.NewBytes} bytes new ({Sizes.Format(session.NewBytes)}), {session.DeduplicatedBytes} bytes deduplicated ({Sizes.Format(session.DeduplicatedBytes)})"));
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
