using System.CommandLine;
using Plankton.Core.Images;

namespace Plankton.Cli.Commands;

/// <summary>One run of a command on one image: the parsed line, the open store and the image id.</summary>
/// <param name="Parse">The parsed command line.</param>
/// <param name="Session">The store, open for the run.</param>
/// <param name="Id">The image id.</param>
/// <param name="CancellationToken">Cancels the run (Ctrl-C).</param>
internal sealed record ImageCall(ParseResult Parse, StoreSession Session, Guid Id, CancellationToken CancellationToken)
{
    /// <summary>Gets the image backend.</summary>
    public IImageBackend Images => Session.Images;

    /// <summary>Gets the acting user.</summary>
    public string User => Session.User;

    /// <summary>Gets a value indicating whether <c>--json</c> was given.</summary>
    public bool Json => Parse.GetValue(CliOptions.Json);

    /// <summary>Gets the value of an option or argument of the command.</summary>
    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    /// <inheritdoc cref="Get{T}(Option{T})"/>
    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>
    /// Makes <paramref name="command"/> act on the image named by its <paramref name="id"/> argument: parse the id,
    /// open the store, run <paramref name="body"/>, with errors mapped to exit codes.
    /// </summary>
    public static Command Bind(CliRuntime runtime, Command command, Argument<string> id, Func<ImageCall, Task<int>> body)
    {
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async () =>
        {
            Guid imageId = ImageAttributeOptions.ParseId(parse.GetValue(id)!);
            using StoreSession session = await StoreSession.OpenAsync(parse, cancellationToken);
            return await body(new ImageCall(parse, session, imageId, cancellationToken));
        }));
        return command;
    }

    /// <summary>The <c>id</c> argument of a command on one image.</summary>
    public static Argument<string> IdArgument() => new("id") { Description = "The image id (a UUID)." };

    /// <summary>Prints an image (text or JSON) and succeeds.</summary>
    public int Print(CliRuntime runtime, ImageRecord image)
    {
        ImageOutput.Write(runtime, Json, image);
        return ExitCodes.Success;
    }
}
