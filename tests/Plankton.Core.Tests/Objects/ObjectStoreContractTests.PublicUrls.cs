using Plankton.Core.Exceptions;
using Plankton.Core.Objects;

namespace Plankton.Core.Tests.Objects;

/// <summary>Public URLs (spec §9.7) and what an object's deletion or move clears (spec §9.4).</summary>
public abstract partial class ObjectStoreContractTests
{
    [Test]
    public async Task SetPublicUrlAsync_Enabled_LetsAnyoneReadByTokenAndByPathUntilDisabled()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectInfo written = await WriteAsync(store, "pub", RandomBytes(11, 3 * BlockSize));

        string? token = await store.SetPublicUrlAsync(Owner, PathOf("pub"), enabled: true);
        string? again = await store.SetPublicUrlAsync(Owner, PathOf("pub"), enabled: true);
        ObjectInfo byToken = await store.GetInfoByPublicUrlAsync(token!);
        byte[] range = await ReadStreamAsync(await store.OpenReadByPublicUrlAsync(token!, offset: BlockSize, length: 10));
        ObjectInfo byPath = await store.GetInfoAsync(Stranger, PathOf("pub"));
        string? seen = await store.GetPublicUrlAsync(Stranger, PathOf("pub"));
        string? off = await store.SetPublicUrlAsync(Owner, PathOf("pub"), enabled: false);
        Func<Task> strangerAfter = async () => await store.GetInfoAsync(Stranger, PathOf("pub"));
        Func<Task> tokenAfter = async () => await store.GetInfoByPublicUrlAsync(token!);

        token.Should().MatchRegex("^[0-9a-zA-Z]{22}$");
        again.Should().Be(token, "enabling twice keeps the URL");
        byToken.Uuid.Should().Be(written.Uuid);
        range.Should().Equal(RandomBytes(11, 3 * BlockSize).AsSpan(BlockSize, 10).ToArray());
        byPath.Uuid.Should().Be(written.Uuid, "a public URL grants read by path too, whatever the permission entries");
        seen.Should().Be(token);
        off.Should().BeNull();
        await strangerAfter.Should().ThrowAsync<NotAllowedException>();
        await tokenAfter.Should().ThrowAsync<ObjectNotFoundException>();
    }

    [Test]
    public async Task SetPublicUrlAsync_ByReaderOrOnMissingObject_ThrowsAndChangesNothing()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "o", RandomBytes(12, 10));
        await store.SetPermissionsAsync(Owner, PathOf("o"), new ObjectPermissions(["bob"], []));

        Func<Task> reader = async () => await store.SetPublicUrlAsync("bob", PathOf("o"), enabled: true);
        Func<Task> missing = async () => await store.SetPublicUrlAsync(Owner, PathOf("nope"), enabled: true);
        Func<Task> stranger = async () => await store.GetPublicUrlAsync(Stranger, PathOf("o"));

        await reader.Should().ThrowAsync<NotAllowedException>();
        await missing.Should().ThrowAsync<ObjectNotFoundException>();
        await stranger.Should().ThrowAsync<NotAllowedException>();
        (await store.GetPublicUrlAsync(Owner, PathOf("o"))).Should().BeNull();
    }

    [TestCase("")]
    [TestCase("short")]
    [TestCase("0123456789abcdefghij!?")]
    [TestCase("0123456789abcdefghijkl")]
    public async Task GetInfoByPublicUrlAsync_UnknownOrMalformedToken_ThrowsNotFound(string token)
    {
        IObjectStore store = await NewStoreWithContainerAsync();

        Func<Task> info = async () => await store.GetInfoByPublicUrlAsync(token);
        Func<Task> read = async () => await store.OpenReadByPublicUrlAsync(token);

        await info.Should().ThrowAsync<ObjectNotFoundException>();
        await read.Should().ThrowAsync<ObjectNotFoundException>();
    }

    [Test]
    public async Task DeleteAsync_SharedPublicObject_ClearsItsGrantsSoAnObjectMadeThereLaterStartsPrivate()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "o", RandomBytes(13, 10));
        await store.SetPermissionsAsync(Owner, PathOf("o"), new ObjectPermissions(["bob"], ["bob"]));
        string? token = await store.SetPublicUrlAsync(Owner, PathOf("o"), enabled: true);

        await store.DeleteAsync(Owner, PathOf("o"));
        await WriteAsync(store, "o", RandomBytes(14, 10));
        Func<Task> bob = async () => await store.GetInfoAsync("bob", PathOf("o"));
        Func<Task> byToken = async () => await store.GetInfoByPublicUrlAsync(token!);

        await bob.Should().ThrowAsync<NotAllowedException>("the old object's entries went with it");
        await byToken.Should().ThrowAsync<ObjectNotFoundException>();
        (await store.GetPermissionsAsync(Owner, PathOf("o"))).Permissions.Read.Should().BeEmpty();
    }

    [Test]
    public async Task MoveAsync_SharedPublicObject_LeavesItsGrantsBehindAndTheDestinationPrivate()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "from", RandomBytes(15, 10));
        await store.SetPermissionsAsync(Owner, PathOf("from"), new ObjectPermissions(["bob"], []));
        string? token = await store.SetPublicUrlAsync(Owner, PathOf("from"), enabled: true);

        await store.MoveAsync(Owner, PathOf("from"), PathOf("to"));
        Func<Task> bob = async () => await store.GetInfoAsync("bob", PathOf("to"));
        Func<Task> byToken = async () => await store.GetInfoByPublicUrlAsync(token!);

        await bob.Should().ThrowAsync<NotAllowedException>();
        await byToken.Should().ThrowAsync<ObjectNotFoundException>();
        (await store.GetPublicUrlAsync(Owner, PathOf("to"))).Should().BeNull();
    }

    private static async Task<byte[]> ReadStreamAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }
}
