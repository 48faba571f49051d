using System.CommandLine;
using System.Text.Json;
using Plankton.Core.Exceptions;
using Plankton.Core.Images;

namespace Plankton.Cli.Commands;

/// <summary><c>plankton members list|add|remove|replace|accept|reject ID ...</c>: sharing an image with other users.</summary>
internal static class MembersCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var members = new Command("members", "Share a shared image with users (owner: list, add, remove, replace) and answer a share (member: accept, reject).");
        members.Subcommands.Add(List(runtime));
        members.Subcommands.Add(WithMember(runtime, "add", "Share the image with a user (owner only; the image must be shared); the member starts pending.", async (call, member) =>
            Print(runtime, call, [await call.Images.AddMemberAsync(call.User, call.Id, member, call.CancellationToken)])));
        members.Subcommands.Add(WithMember(runtime, "remove", "Stop sharing the image with a member (owner only).", async (call, member) =>
        {
            if (!await call.Images.RemoveMemberAsync(call.User, call.Id, member, call.CancellationToken))
            {
                throw new ImageNotFoundException($"'{member}' is not a member of image '{call.Id:D}'.");
            }

            runtime.Output.WriteLine(call.Json
                ? JsonSerializer.Serialize(new Dictionary<string, object> { ["image_id"] = call.Id.ToString("D"), ["member_id"] = member, ["removed"] = true })
                : $"removed {member} from {call.Id:D}");
            return ExitCodes.Success;
        }));
        members.Subcommands.Add(Replace(runtime));
        members.Subcommands.Add(Answer(runtime, "accept", "Accept an image shared with you: it then shows in your default list.", (call, images) =>
            images.AcceptMemberAsync(call.User, call.Id, call.CancellationToken)));
        members.Subcommands.Add(Answer(runtime, "reject", "Reject an image shared with you: it leaves your default list (you can still read it by id).", (call, images) =>
            images.RejectMemberAsync(call.User, call.Id, call.CancellationToken)));
        return members;
    }

    private static Command List(CliRuntime runtime)
    {
        Argument<string> id = ImageCall.IdArgument();
        var command = new Command("list", "List the image's members and their statuses (a member sees only their own entry).") { id };
        return ImageCall.Bind(runtime, command, id, async call =>
            Print(runtime, call, await call.Images.ListMembersAsync(call.User, call.Id, call.CancellationToken)));
    }

    private static Command Replace(CliRuntime runtime)
    {
        Argument<string> id = ImageCall.IdArgument();
        var users = new Argument<string[]>("members") { Description = "The new members (none removes all).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("replace", "Make these users the members (owner only): members kept keep their status, new ones are pending, the others lose access.") { id, users };
        return ImageCall.Bind(runtime, command, id, async call =>
            Print(runtime, call, await call.Images.ReplaceMembersAsync(call.User, call.Id, call.Get(users) ?? [], call.CancellationToken)));
    }

    private static Command WithMember(CliRuntime runtime, string name, string description, Func<ImageCall, string, Task<int>> body)
    {
        Argument<string> id = ImageCall.IdArgument();
        var member = new Argument<string>("member") { Description = "The member's user id." };
        var command = new Command(name, description) { id, member };
        return ImageCall.Bind(runtime, command, id, call => body(call, call.Get(member)!));
    }

    private static Command Answer(CliRuntime runtime, string name, string description, Func<ImageCall, IImageBackend, ValueTask<ImageMember>> answer)
    {
        Argument<string> id = ImageCall.IdArgument();
        var command = new Command(name, description) { id };
        return ImageCall.Bind(runtime, command, id, async call => Print(runtime, call, [await answer(call, call.Images)]));
    }

    /// <summary>Text: a table of member and status; JSON: <c>{"members": [{"image_id", "member_id", "status"}]}</c>.</summary>
    private static int Print(CliRuntime runtime, ImageCall call, IReadOnlyList<ImageMember> members)
    {
        if (call.Json)
        {
            ImageOutput.WriteJsonList(runtime, "members", members, (writer, member) =>
            {
                writer.WriteString("image_id", member.ImageId.ToString("D"));
                writer.WriteString("member_id", member.MemberId);
                writer.WriteString("status", member.Status.ToString().ToLowerInvariant());
            });
            return ExitCodes.Success;
        }

        TextTable.Write(runtime.Output, ["member", "status"], members.Select(m => (IReadOnlyList<string>)[m.MemberId, m.Status.ToString().ToLowerInvariant()]));
        return ExitCodes.Success;
    }
}
