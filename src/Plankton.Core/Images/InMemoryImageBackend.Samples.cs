using Plankton.Core.Hashing;
using Plankton.Core.Objects;

namespace Plankton.Core.Images;

/// <summary>Starting with the original Plankton's sample catalogue.</summary>
public sealed partial class InMemoryImageBackend
{
    /// <summary>The account that owns the images of <see cref="WithSampleCatalogue"/>.</summary>
    public const string SampleCatalogueOwner = ImageSamples.Owner;

    /// <summary>
    /// Makes a backend that starts with the original Plankton's sample catalogue: the seven public ~okeanos images of
    /// its dummy backend (Windows, CentOS, Fedora, Kubuntu, Ubuntu, Debian Desktop, Debian Base), owned by
    /// <see cref="SampleCatalogueOwner"/>, active, with their ids, checksums, sizes, properties and 2012 timestamps.
    /// </summary>
    /// <remarks>
    /// The sample images are records without data: they can be got, listed, cloned, updated by their owner and so on,
    /// but <see cref="OpenReadAsync"/> refuses them (<see cref="Exceptions.ImageConflictException"/>). Each has one
    /// version, stamped with its <c>updated_at</c>.
    /// </remarks>
    /// <param name="options">The settings (validated and copied); <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock for image timestamps; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="blockSize">The block size checksums are computed with: a power of two from 4 KiB to 64 MiB.</param>
    /// <returns>The backend, holding the sample images.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blockSize"/> is not valid.</exception>
    /// <exception cref="Exceptions.StoreConfigurationException">A setting in <paramref name="options"/> is not valid.</exception>
    public static InMemoryImageBackend WithSampleCatalogue(PlanktonImageOptions? options = null, TimeProvider? timeProvider = null, int blockSize = HashingConstants.DefaultBlockSize)
    {
        var backend = new InMemoryImageBackend(options, timeProvider, blockSize);
        foreach (ImageRecord record in ImageSamples.Okeanos)
        {
            backend.AddWithoutData(record);
        }

        return backend;
    }

    /// <summary>Adds an image whose data this backend does not hold, with one version made at its <c>updated_at</c>.</summary>
    private void AddWithoutData(ImageRecord record)
    {
        ObjectPath path = ImageRules.ParseLocation(record.Location);
        BlockHash hash = BlockHash.TryParse(record.Checksum, out BlockHash parsed)
            ? parsed
            : throw new ArgumentException($"The checksum of '{record.Name}' is not a hash.", nameof(record));
        lock (_lock)
        {
            _objects[path] = new StoredObject(record.Id, [], hash, record);
            _paths[record.Id] = path;
            _versions[record.Id] = [new VersionEntry(++_serial, record.UpdatedAt, path.Account, record)];
        }
    }
}
