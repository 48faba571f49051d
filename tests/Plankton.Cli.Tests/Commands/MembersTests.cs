using System.Text.Json;

namespace Plankton.Cli.Tests.Commands;

public sealed class MembersTests : StoreFixture
{
    [Test]
    public async Task Members_AddAcceptListRejectRemove_RoundTrip()
    {
        string id = await PutAsync(RandomBytes(10), "shared", "--visibility", "shared");

        JsonElement added = Json(await RunAsync("members", "add", id, "bob", "--json"));
        CliRun bobListBefore = await RunAsAsync("bob", "list", "--json");
        JsonElement accepted = Json(await RunAsAsync("bob", "members", "accept", id, "--json"));
        JsonElement bobList = Json(await RunAsAsync("bob", "list", "--json"));
        CliRun ownerList = await RunAsync("members", "list", id);
        JsonElement rejected = Json(await RunAsAsync("bob", "members", "reject", id, "--json"));
        CliRun removed = await RunAsync("members", "remove", id, "bob");
        CliRun removedAgain = await RunAsync("members", "remove", id, "bob");
        CliRun bobShow = await RunAsAsync("bob", "show", id);

        Member(added).Should().Be((id, "bob", "pending"));
        Json(bobListBefore).GetProperty("images").GetArrayLength().Should().Be(0, "a pending share is not in the default list");
        Member(accepted).Should().Be((id, "bob", "accepted"));
        bobList.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Should().Equal(id);
        ownerList.ExitCode.Should().Be(0, ownerList.Error);
        ownerList.Output.Should().MatchRegex(@"bob\s+accepted");
        Member(rejected).Should().Be((id, "bob", "rejected"));
        removed.ExitCode.Should().Be(0, removed.Error);
        removed.Output.Should().Be($"removed bob from {id}{Environment.NewLine}");
        removedAgain.ExitCode.Should().Be(3);
        bobShow.ExitCode.Should().Be(3, "a removed member no longer sees the image");
    }

    [Test]
    public async Task MembersReplace_KeepsStatusesAndAddsPending_AndEmptyRemovesAll()
    {
        string id = await PutAsync(RandomBytes(10), "shared", "--visibility", "shared");
        await RunAsync("members", "add", id, "bob");
        await RunAsAsync("bob", "members", "accept", id);

        JsonElement replaced = Json(await RunAsync("members", "replace", id, "bob", "carol", "--json"));
        JsonElement cleared = Json(await RunAsync("members", "replace", id, "--json"));

        replaced.GetProperty("members").EnumerateArray().Select(Member).Should().Equal((id, "bob", "accepted"), (id, "carol", "pending"));
        cleared.GetProperty("members").GetArrayLength().Should().Be(0);
    }

    [Test]
    public async Task Members_RefusalsHaveTheirExitCodes()
    {
        string privateId = await PutAsync(RandomBytes(10), "private");
        string sharedId = await PutAsync(RandomBytes(10), "shared", "--visibility", "shared");
        await RunAsync("members", "add", sharedId, "bob");

        (await RunAsync("members", "add", privateId, "bob")).ExitCode.Should().Be(7, "only shared images have members");
        (await RunAsync("members", "add", sharedId, "bob")).ExitCode.Should().Be(7, "bob is a member already");
        (await RunAsync("members", "add", sharedId, "alice")).ExitCode.Should().Be(5, "the owner cannot be a member");
        (await RunAsAsync("bob", "members", "add", sharedId, "carol")).ExitCode.Should().Be(4, "a member may not share");
        (await RunAsAsync("mallory", "members", "list", privateId)).ExitCode.Should().Be(3, "a stranger learns nothing of a private image");
        (await RunAsync("members", "accept", sharedId)).ExitCode.Should().Be(4, "only the member answers");
        (await RunAsync("members")).ExitCode.Should().Be(2);
    }

    private Task<CliRun> RunAsAsync(string user, params string[] args) => CliRun.RunAsync([.. args, "--store", Store, "--user", user]);

    private static (string, string, string) Member(JsonElement json)
    {
        JsonElement member = json.TryGetProperty("members", out JsonElement members) ? members.EnumerateArray().Single() : json;
        return (member.GetProperty("image_id").GetString()!, member.GetProperty("member_id").GetString()!, member.GetProperty("status").GetString()!);
    }
}
