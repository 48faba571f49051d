using System.CommandLine;
using Plankton.Core.Images;

namespace Plankton.Cli.Commands;

/// <summary><c>--size N</c> and <c>--checksum HEX</c>: what the data of a new image must be, when the caller knows it.</summary>
internal sealed class ExpectedDataOptions
{
    private readonly Option<long?> _size = new("--size") { Description = "The size in bytes the data must have." };
    private readonly Option<string?> _checksum = new("--checksum") { Description = "The Pithos checksum (64 hex digits, as `hash` prints) the data must have." };

    public static ExpectedDataOptions AddTo(Command command)
    {
        var options = new ExpectedDataOptions();
        command.Options.Add(options._size);
        command.Options.Add(options._checksum);
        return options;
    }

    public void Apply(ParseResult parse, ImageCreateRequest request)
    {
        request.Size = parse.GetValue(_size);
        request.Checksum = parse.GetValue(_checksum);
    }
}
