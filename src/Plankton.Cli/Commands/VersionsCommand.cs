using System.CommandLine;
using System.Globalization;
using Plankton.Core.Images;

namespace Plankton.Cli.Commands;

/// <summary><c>plankton versions ID</c>: the versions of an image, oldest first.</summary>
internal static class VersionsCommand
{
    public static Command Create(CliRuntime runtime)
    {
        Argument<string> id = ImageCall.IdArgument();
        var command = new Command("versions", "List an image's versions, oldest first: one per change (made, updated, deleted, members…). show ID --at-version N prints one.") { id };
        return ImageCall.Bind(runtime, command, id, async call =>
        {
            IReadOnlyList<ImageVersion> versions = await call.Images.ListVersionsAsync(call.User, call.Id, call.CancellationToken);
            if (call.Json)
            {
                ImageOutput.WriteJsonList(runtime, "versions", versions, (writer, version) =>
                {
                    writer.WriteNumber("version", version.Version);
                    writer.WriteString("timestamp", ImageOutput.Time(version.Timestamp));
                    writer.WriteString("modified_by", version.ModifiedBy);
                    writer.WritePropertyName("image");
                    ImageOutput.WriteImage(writer, version.Image);
                });
                return ExitCodes.Success;
            }

            TextTable.Write(
                runtime.Output,
                ["version", "timestamp", "modified_by", "name", "status", "visibility", "size", "checksum"],
                versions.Select(v => (IReadOnlyList<string>)
                [
                    v.Version.ToString(CultureInfo.InvariantCulture),
                    ImageOutput.Time(v.Timestamp),
                    v.ModifiedBy,
                    v.Image.Name,
                    ImageOutput.Status(v.Image.Status),
                    ImageOutput.Visibility(v.Image.Visibility),
                    v.Image.Size.ToString(CultureInfo.InvariantCulture),
                    v.Image.Checksum,
                ]));
            return ExitCodes.Success;
        });
    }
}
