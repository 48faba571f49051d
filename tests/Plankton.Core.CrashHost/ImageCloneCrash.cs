using System.Reflection;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Images;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;

namespace Plankton.Core.CrashHost;

/// <summary>
/// Image-level clone crash runs (docs/reliability.md): the process opens a catalogue over a file-system block store,
/// uploads three images through <see cref="PithosImageBackend"/>, then clones each, deletes the source image and
/// deletes and purges its object (so the clone alone holds the blocks), and kills itself (SIGKILL) at a deterministic
/// object-store call of that sequence: at even points just before call <c>point / 2</c>, at odd points a few tenths of
/// a millisecond into it. Every step an image operation takes in the catalogue is a kill point, so a clone made in two
/// steps would be caught between them. Arguments: root folder, kill point.
/// </summary>
public static class ImageCloneCrash
{
    public const int Images = 3;

    /// <summary>The data of source image <paramref name="index"/> of the run killed at <paramref name="point"/>.</summary>
    public static byte[] SourceData(int index, int point) => ObjectStoreCrash.ObjectData("image" + index, point);

    public static string SourceName(int index, int point) => $"source-{index}-{point}";

    public static string CloneName(int index, int point) => $"clone-{index}-{point}";

    /// <summary>Where the clone of source <paramref name="index"/> of the run killed at <paramref name="point"/> is made (the image container is the object runs' container).</summary>
    public static ObjectPath ClonePath(int index, int point) => new(ObjectStoreCrash.User, ObjectStoreCrash.Container, CloneName(index, point));

    public static PlanktonImageOptions Options => new() { DefaultContainer = ObjectStoreCrash.Container };

    public static async Task<int> RunAsync(string root, int killAt)
    {
        using var blocks = new FileSystemBlockStore(new FileSystemBlockStoreOptions { RootPath = Path.Combine(root, "blocks"), BlockSize = ObjectStoreCrash.BlockSize });
        using SqliteObjectStore inner = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = Path.Combine(root, "catalogue.db") }, blocks);
        IObjectStore store = KillingObjectStore.Wrap(inner);
        var images = new PithosImageBackend(store, Options);
        Console.Out.WriteLine("open");

        var sources = new List<ImageRecord>();
        for (int i = 0; i < Images; i++)
        {
            sources.Add(await images.PutAsync(ObjectStoreCrash.User, new MemoryStream(SourceData(i, killAt)), new ImageCreateRequest
            {
                Name = SourceName(i, killAt),
                Properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["origin"] = "source" },
            }));
        }

        KillingObjectStore.Arm(store, killAt);
        for (int i = 0; i < Images; i++)
        {
            await images.CloneAsync(ObjectStoreCrash.User, sources[i].Id, new ImageCloneRequest { Name = CloneName(i, killAt) });
            await images.DeleteAsync(ObjectStoreCrash.User, sources[i].Id);
            ObjectPath source = ObjectPath.ParseLocation(sources[i].Location);
            await store.DeleteAsync(ObjectStoreCrash.User, source);
            await store.PurgeAsync(ObjectStoreCrash.User, source, DateTimeOffset.MaxValue);
        }

        Console.Out.WriteLine("done");
        return 0;
    }

    /// <summary>Passes every <see cref="IObjectStore"/> call through, and kills the process at the armed call.</summary>
    public class KillingObjectStore : DispatchProxy
    {
        private IObjectStore? _inner;
        private int _point = -1;
        private int _calls;

        public static IObjectStore Wrap(IObjectStore inner)
        {
            IObjectStore proxy = Create<IObjectStore, KillingObjectStore>();
            ((KillingObjectStore)(object)proxy)._inner = inner;
            return proxy;
        }

        public static void Arm(IObjectStore proxy, int point) => ((KillingObjectStore)(object)proxy)._point = point;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (_point >= 0 && Interlocked.Increment(ref _calls) - 1 == _point / 2)
            {
                if (_point % 2 == 0)
                {
                    ObjectStoreCrash.Die();
                }

                ObjectStoreCrash.DieAfter(0.1 * (1 + (_point / 2 % 4)));
            }

            return targetMethod.Invoke(_inner, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null);
        }
    }
}
