using Plankton.Core.Images;
using Plankton.Core.Objects;

namespace Plankton.Core.Tests.Images;

/// <summary>The in-memory test double through the image-backend contract.</summary>
[TestFixture]
public sealed class InMemoryImageBackendTests : ImageBackendContractTests
{
    private InMemoryImageBackend? _backend;

    protected override ValueTask<IImageBackend> CreateBackendAsync(TimeProvider time, PlanktonImageOptions? options)
    {
        _backend = new InMemoryImageBackend(options, time, BlockSize);
        return ValueTask.FromResult<IImageBackend>(_backend);
    }

    protected override ValueTask<Guid> WriteObjectAsync(ObjectPath path, byte[] data) => ValueTask.FromResult(_backend!.WriteObject(path, data));

    protected override ValueTask<byte[]?> ReadObjectAsync(ObjectPath path) =>
        ValueTask.FromResult(_backend!.TryReadObject(path, out ReadOnlyMemory<byte> data) ? data.ToArray() : null);

    protected override void CleanUpAfterTest() => _backend = null;
}
