using System.Globalization;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.CrashHost;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Images;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// Image clones through <see cref="PithosImageBackend"/> killed at every object-store call they make
/// (<see cref="ImageCloneCrash"/>): after each kill, besides the store's invariants, every clone the run meant to make
/// either does not exist or is a complete image with its own keys, and the clones exist in the order they were made.
/// </summary>
public sealed partial class SqliteObjectStoreCrashTests
{
    /// <summary>Three rounds of eleven object-store calls (clone 6, image delete 3, object delete and purge 2), before and into each.</summary>
    private const int ImageClonePoints = 66;

    [Test]
    public async Task ImageClone_KilledAtEveryCatalogueCall_LeavesNoCloneOrACompleteOneWithItsOwnKeys()
    {
        using var folder = new TempDirectory(FastParent);
        string root = folder.FullPath;
        int killed = 0;
        int present = 0;
        int absent = 0;

        for (int point = 0; point < ImageClonePoints; point++)
        {
            killed += await RunHostAsync("images", root, point.ToString(CultureInfo.InvariantCulture)) ? 0 : 1;
            string context = $"image clone killed at point {point}";
            await AssertRecoveredAsync(root, context, damaged: null);
            int made = await AssertClonesWholeOrAbsentAsync(root, point, context);
            present += made;
            absent += ImageCloneCrash.Images - made;
        }

        killed.Should().BeGreaterThanOrEqualTo(KillPoints, "at least 50 runs were really killed before the end");
        present.Should().BeGreaterThan(0, "some kills came after a clone was made");
        absent.Should().BeGreaterThan(0, "some kills came before a clone was made");
        (await RunHostAsync("images", root, "100000")).Should().BeTrue();
        (await AssertClonesWholeOrAbsentAsync(root, 100_000, "a run that was not killed")).Should().Be(ImageCloneCrash.Images);
        await AssertCollectedAndReadableAsync(root);
    }

    /// <summary>Checks the clones of the run killed at <paramref name="point"/>; returns how many exist (always the first ones).</summary>
    private static async Task<int> AssertClonesWholeOrAbsentAsync(string root, int point, string context)
    {
        int made = 0;
        using (FileSystemBlockStore blocks = OpenBlocks(root))
        using (SqliteObjectStore store = await OpenStoreAsync(root, blocks))
        {
            var images = new PithosImageBackend(store, ImageCloneCrash.Options);
            for (int i = 0; i < ImageCloneCrash.Images; i++)
            {
                ObjectPath path = ImageCloneCrash.ClonePath(i, point);
                ObjectInfo info;
                try
                {
                    info = await store.GetInfoAsync(ObjectStoreCrash.User, path);
                }
                catch (ObjectNotFoundException)
                {
                    continue;
                }

                made++;
                made.Should().Be(i + 1, "{0}: clone {1} exists, so every clone made before it does", context, i);
                (await store.GetMetadataAsync(ObjectStoreCrash.User, path, ImageConstants.MetadataDomain))["name"]
                    .Should().Be(ImageCloneCrash.CloneName(i, point), "{0}: the clone's path never holds the source's image keys", context);
                (await store.ListVersionsAsync(ObjectStoreCrash.User, path)).Should().ContainSingle("{0}: a clone is made in one version", context);

                ImageRecord clone = await images.GetAsync(ObjectStoreCrash.User, info.Uuid);
                clone.Status.Should().Be(ImageStatus.Active, context);
                clone.Visibility.Should().Be(ImageVisibility.Private, context);
                ObjectPath.ParseLocation(clone.Location).Should().Be(path, context);
                clone.Properties.Should().Contain("origin", "source", "{0}: the clone carries the source's properties", context);
                byte[] expected = ImageCloneCrash.SourceData(i, point);
                clone.Checksum.Should().Be((await PithosStreamHasher.HashAsync(new MemoryStream(expected), ObjectStoreCrash.BlockSize)).TopHash.ToString(), context);
                (await StreamBytes.ReadAllAndDisposeAsync(await images.OpenReadAsync(ObjectStoreCrash.User, clone.Id))).Should().Equal(expected, "{0}: clone {1} reads back as its source was uploaded", context, i);
            }
        }

        SqliteConnectionFactory.ClearAllPools();
        return made;
    }
}
