using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Exceptions;
using Plankton.Core.Images;
using Plankton.Core.Maintenance;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Infrastructure;
using static Plankton.Core.Tests.Objects.SqliteBlockReferenceTests;

namespace Plankton.Core.Tests.Objects;

/// <summary>Scrub over a file-system block store whose files are damaged behind its back (docs/reliability.md).</summary>
[TestFixture]
public sealed class SqliteScrubTests
{
    private const string User = "alice";

    private TempDirectory? _directory;
    private FileSystemBlockStore _blocks = null!;
    private SqliteObjectStore _store = null!;
    private PithosImageBackend _images = null!;

    [SetUp]
    public async Task OpenStore()
    {
        _directory = new TempDirectory();
        _blocks = new FileSystemBlockStore(new FileSystemBlockStoreOptions { RootPath = _directory.Combine("blocks"), BlockSize = 4096 });
        _store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = _directory.Combine("catalogue.db") }, _blocks);
        _images = new PithosImageBackend(_store);
        await _store.EnsureAccountAsync(User, User);
        await _store.EnsureContainerAsync(User, User, "c");
    }

    [TearDown]
    public void CloseStore()
    {
        _store.Dispose();
        _blocks.Dispose();
        SqliteConnectionFactory.ClearAllPools();
        _directory?.Dispose();
    }

    [Test]
    public async Task ScrubAsync_IntactStore_ReportsNothing()
    {
        await PutImageAsync("one", 1, 2);
        await _store.WriteAsync(User, new ObjectPath(User, "c", "plain"), new MemoryStream(Data(2, 3)));

        ScrubReport report = await _store.ScrubAsync();

        report.IsIntact.Should().BeTrue();
        report.Checked.Should().Be(3);
    }

    [TestCase("flip-first-content-bit", BlockDamage.Corrupt)]
    [TestCase("flip-last-content-bit", BlockDamage.Corrupt)]
    [TestCase("truncate-one", BlockDamage.Corrupt)]
    [TestCase("delete", BlockDamage.Missing)]
    public async Task ScrubAsync_DamagedBlock_NamesTheImagesAndVersionsAndMarksTheImages(string kind, BlockDamage expected)
    {
        ImageRecord damaged = await PutImageAsync("damaged", 1, 2);
        ImageRecord sharing = await PutImageAsync("sharing", 2);
        ImageRecord untouched = await PutImageAsync("untouched", 3);
        string file = BlockFiles.BlockPath(_directory!.Combine("blocks"), Hash(2));
        if (kind == "delete")
        {
            File.Delete(file);
        }
        else
        {
            BlockFiles.Damage(file, kind, 4096);
        }

        ScrubReport report = await _store.ScrubAsync();

        report.IsIntact.Should().BeFalse();
        DamagedBlock block = report.Damaged.Should().ContainSingle().Subject;
        block.Hash.Should().Be(Hash(2));
        block.Damage.Should().Be(expected);
        block.Versions.Select(static v => v.Uuid).Distinct().Should().BeEquivalentTo([damaged.Id, sharing.Id]);
        block.Versions.Where(static v => v.IsLatest).Select(static v => v.Uuid).Should().BeEquivalentTo([damaged.Id, sharing.Id], "history versions are named too");
        (await _images.GetAsync(User, damaged.Id)).Status.Should().Be(ImageStatus.Killed);
        (await _images.GetAsync(User, sharing.Id)).Status.Should().Be(ImageStatus.Killed);
        (await _images.GetAsync(User, untouched.Id)).Status.Should().Be(ImageStatus.Active);
        Func<Task> download = async () => await _images.OpenReadAsync(User, damaged.Id);
        await download.Should().ThrowAsync<ImageConflictException>();
        ObjectPath path = block.Versions.First(v => v.Uuid == damaged.Id).Path;
        Func<Task> read = async () => await ReadAllAsync(path);
        await read.Should().ThrowAsync<PlanktonException>().Where(static e => e is BlockIntegrityException || e is BlockNotFoundException);
    }

    [Test]
    public async Task ScrubAsync_AfterRepair_ReportsIntactAndServesTheImageAgain()
    {
        ImageRecord image = await PutImageAsync("img", 1, 2);
        BlockFiles.Damage(BlockFiles.BlockPath(_directory!.Combine("blocks"), Hash(1)), "flip-first-content-bit", 4096);
        (await _store.ScrubAsync()).IsIntact.Should().BeFalse();
        (await _images.GetAsync(User, image.Id)).Status.Should().Be(ImageStatus.Killed);

        (await _blocks.PutAsync(HashedBlock.Create(Data(1)))).Should().Be(BlockPutOutcome.Repaired);

        (await _store.ScrubAsync()).IsIntact.Should().BeTrue();
        (await _images.GetAsync(User, image.Id)).Status.Should().Be(ImageStatus.Active);
        await using Stream data = await _images.OpenReadAsync(User, image.Id);
    }

    [Test]
    public async Task ScrubAsync_MissingUnreferencedBlock_IsNotDamage()
    {
        await _store.WriteAsync(User, new ObjectPath(User, "c", "x"), new MemoryStream(Data(4)));
        await _store.DeleteAsync(User, new ObjectPath(User, "c", "x"));
        await _store.PurgeAsync(User, new ObjectPath(User, "c", "x"), DateTimeOffset.MaxValue);
        File.Delete(BlockFiles.BlockPath(_directory!.Combine("blocks"), Hash(4)));

        (await _store.ScrubAsync()).IsIntact.Should().BeTrue();
        (await _store.CollectGarbageAsync()).Deleted.Should().Be(1, "the row goes even when the file is already gone");
    }

    [Test]
    public async Task ScrubAsync_Interrupted_ContinuesWhereItStopped()
    {
        await _store.WriteAsync(User, new ObjectPath(User, "c", "x"), new MemoryStream(Data(1, 2, 3, 4, 5, 6)));
        File.Delete(BlockFiles.BlockPath(_directory!.Combine("blocks"), Hash(5)));
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress<ScrubReport>(r =>
        {
            if (r.Checked >= 4)
            {
                cancel.Cancel();
            }
        });

        Func<Task> first = async () => await _store.ScrubAsync(new ScrubOptions { BatchSize = 2, Progress = progress }, cancel.Token);
        await first.Should().ThrowAsync<OperationCanceledException>();
        ScrubReport rest = await _store.ScrubAsync(new ScrubOptions { BatchSize = 2 });
        ScrubReport again = await _store.ScrubAsync(new ScrubOptions { BatchSize = 2 });

        rest.Checked.Should().Be(2);
        rest.Damaged.Should().ContainSingle().Which.Hash.Should().Be(Hash(5));
        again.Checked.Should().Be(6, "a finished run starts over");
        again.Damaged.Should().ContainSingle();
    }

    [Test]
    public async Task ScrubAsync_Sample_ReadsAShareOfTheBlocks()
    {
        int[] ids = [.. Enumerable.Range(1, 64)];
        await _store.WriteAsync(User, new ObjectPath(User, "c", "x"), new MemoryStream(Data(ids)));

        ScrubReport report = await _store.ScrubAsync(new ScrubOptions { SampleRate = 0.25 });

        report.Checked.Should().BeInRange(4, 32);
        (await _store.ScrubAsync(new ScrubOptions { SampleRate = 0.25 })).Checked.Should().Be(report.Checked, "the sample is chosen by hash");
    }

    [TestCase(0)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public async Task ScrubAsync_BadSampleRate_Throws(double rate)
    {
        Func<Task> scrub = async () => await _store.ScrubAsync(new ScrubOptions { SampleRate = rate });

        await scrub.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    private async Task<ImageRecord> PutImageAsync(string name, params int[] ids) =>
        await _images.PutAsync(User, new MemoryStream(Data(ids)), new ImageCreateRequest { Name = name });

    private async Task<byte[]> ReadAllAsync(ObjectPath path)
    {
        await using Stream stream = await _store.OpenReadAsync(User, path);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
