using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Images;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;

namespace Plankton.Core.Benchmarks;

/// <summary>
/// Image listing on the Pithos backend over the SQLite store with 1,000 and 100,000 images of one owner: another user
/// asks for one page of 25 public images with two filters (disk format and a property) sorted by creation time,
/// newest first (and the next page, through its marker). One image in two is public, one in three qcow2, one in
/// four has <c>os = linux</c>: one image in 24 matches. The catalogue is built once per size under the benchmark
/// folder (the first image through the backend, the others as copies of its rows in one transaction, with each
/// image's own uuid, name, attributes and permissions) and reused by later runs.
/// </summary>
[MemoryDiagnoser]
public class ImageListingBenchmarks
{
    private const string Owner = "publisher";
    private const string Viewer = "viewer";
    private const string Container = "images";

    private static readonly string[] s_diskFormats = ["qcow2", "raw", "diskdump"];
    private static readonly string[] s_systems = ["linux", "windows", "bsd", "other"];

    private FileSystemBlockStore? _blocks;
    private SqliteObjectStore? _store;
    private PithosImageBackend? _backend;
    private Guid _marker;

    [Params(1_000, 100_000)]
    public int ImageCount { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        string folder = Path.Combine(BenchmarkInputs.WorkFolder, "images-v1-" + ImageCount.ToString(CultureInfo.InvariantCulture));
        _blocks = BenchmarkInputs.OpenStore(Path.Combine(folder, "blocks"));
        string database = Path.Combine(folder, "catalogue.db");
        bool fresh = !File.Exists(database);
        _store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = database }, _blocks);
        _backend = new PithosImageBackend(_store);
        if (fresh)
        {
            await SeedAsync(_store, _blocks, _backend, database, ImageCount);
        }

        ImageListPage first = await _backend.ListPublicAsync(Viewer, Query(null));
        if (first.Images.Count != 25 || first.NextMarker is null
            || first.Images.Any(i => i.DiskFormat != "qcow2" || i.Properties["os"] != "linux" || i.Visibility != ImageVisibility.Public))
        {
            throw new InvalidOperationException("The benchmark catalogue does not give the expected page.");
        }

        _marker = first.NextMarker.Value;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        _blocks?.Dispose();
    }

    [Benchmark(Description = "ListPublicAsync, 25 qcow2 linux by created_at desc")]
    public async Task<int> FirstPage() => (await _backend!.ListPublicAsync(Viewer, Query(null))).Images.Count;

    [Benchmark(Description = "same, next page (marker)")]
    public async Task<int> NextPage() => (await _backend!.ListPublicAsync(Viewer, Query(_marker))).Images.Count;

    /// <summary>The same filters sorted by creation time ascending (not a benchmark: <c>listing-cpu</c> reports it to show the pass over images lacking the first key).</summary>
    public async Task<int> CreatedAscendingPage() => (await _backend!.ListPublicAsync(Viewer, new ImageListQuery
    {
        DiskFormat = "qcow2",
        Properties = new Dictionary<string, string> { ["os"] = "linux" },
        Sort = "created_at:asc",
        Limit = 25,
    })).Images.Count;

    private static ImageListQuery Query(Guid? marker) => new()
    {
        DiskFormat = "qcow2",
        Properties = new Dictionary<string, string> { ["os"] = "linux" },
        Sort = "created_at:desc",
        Limit = 25,
        Marker = marker,
    };

    private static async Task SeedAsync(SqliteObjectStore store, FileSystemBlockStore blocks, PithosImageBackend backend, string database, int count)
    {
        await store.EnsureAccountAsync(Owner, Owner);
        await store.EnsureContainerAsync(Owner, Owner, Container);
        HashedBlock block = HashedBlock.Create(BenchmarkInputs.MakeRandom(4096, 1));
        await blocks.PutAsync(block);
        var seedPath = new ObjectPath(Owner, Container, "image-seed");
        await store.WriteHashmapAsync(Owner, seedPath, 4096, [block.Hash]);
        ImageRecord seed = await backend.RegisterAsync(Owner, $"pithos://{Owner}/{Container}/image-seed", new ImageCreateRequest
        {
            Name = "seed",
            DiskFormat = "diskdump",
            Visibility = ImageVisibility.Public,
        });

        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using SqliteTransaction transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        long seedSerial = await ScalarAsync(connection, transaction, "SELECT o.latest_serial FROM objects o WHERE o.name = 'image-seed'");
        long containerId = await ScalarAsync(connection, transaction, "SELECT o.container_id FROM objects o WHERE o.name = 'image-seed'");
        var random = new Random(11);
        byte[] uuidBytes = new byte[16];
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < count; i++)
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"image-{i:D6}");
            random.NextBytes(uuidBytes);
            var uuid = new Guid(uuidBytes);
            ImageRecord record = seed with
            {
                Id = uuid,
                Name = string.Create(CultureInfo.InvariantCulture, $"image {i}"),
                DiskFormat = s_diskFormats[i / 2 % 3],
                Visibility = i % 2 == 0 ? ImageVisibility.Public : ImageVisibility.Private,
                Properties = new Dictionary<string, string> { ["os"] = s_systems[i / 6 % 4] },
                CreatedAt = start.AddMinutes(i),
                UpdatedAt = start.AddMinutes(i),
            };
            long objectId = await ScalarAsync(connection, transaction, "INSERT INTO objects (container_id, name) VALUES (@C, @Name) RETURNING object_id", ("@C", containerId), ("@Name", name));
            long serial = await ScalarAsync(
                connection,
                transaction,
                """
                INSERT INTO versions (object_id, uuid, cluster, size, content_type, hash, block_size, hashmap, mtime, muser)
                SELECT @O, @Uuid, 0, size, content_type, hash, block_size, hashmap, mtime + @I, muser FROM versions WHERE serial = @Seed
                RETURNING serial
                """,
                ("@O", objectId),
                ("@Uuid", uuid.ToString("D", CultureInfo.InvariantCulture)),
                ("@I", i),
                ("@Seed", seedSerial));
            foreach (KeyValuePair<string, string> pair in ImageMetadataMapper.ToMetadata(record))
            {
                await ScalarAsync(connection, transaction, "INSERT INTO attributes (serial, domain, attr_key, attr_value) VALUES (@S, 'plankton', @K, @V) RETURNING serial", ("@S", serial), ("@K", pair.Key), ("@V", pair.Value));
            }

            if (record.Visibility == ImageVisibility.Public)
            {
                await ScalarAsync(
                    connection,
                    transaction,
                    "INSERT INTO permissions (container_id, path, access, member) SELECT container_id, @Name, access, member FROM permissions WHERE container_id = @C AND path = 'image-seed' RETURNING access",
                    ("@Name", name),
                    ("@C", containerId));
            }

            await ScalarAsync(connection, transaction, "UPDATE objects SET latest_serial = @S WHERE object_id = @O RETURNING object_id", ("@S", serial), ("@O", objectId));
        }

        await transaction.CommitAsync();
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        await using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
