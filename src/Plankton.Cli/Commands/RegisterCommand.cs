using System.CommandLine;
using Plankton.Core.Images;

namespace Plankton.Cli.Commands;

/// <summary><c>plankton register pithos://ACCOUNT/CONTAINER/PATH --name NAME [...]</c>: makes an existing object an image.</summary>
internal static class RegisterCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var location = new Argument<string>("location") { Description = "The object to register: pithos://ACCOUNT/CONTAINER/PATH." };
        var command = new Command("register", "Make an existing object of the store an image (the image id is the object's uuid); prints the image.")
        {
            location,
        };
        ImageAttributeOptions attributes = ImageAttributeOptions.AddTo(command, forUpdate: false);
        ExpectedDataOptions expected = ExpectedDataOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async () =>
        {
            ImageCreateRequest request = attributes.ToCreateRequest(parse);
            expected.Apply(parse, request);
            using StoreSession session = await StoreSession.OpenAsync(parse, cancellationToken);
            ImageRecord image = await session.Images.RegisterAsync(session.User, parse.GetValue(location)!, request, cancellationToken);
            ImageOutput.Write(runtime, parse.GetValue(CliOptions.Json), image);
            return ExitCodes.Success;
        }));
        return command;
    }
}
