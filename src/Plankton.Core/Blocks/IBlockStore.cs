using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;

namespace Plankton.Core.Blocks;

/// <summary>
/// A content-addressed store of Pithos blocks: each block is kept once, under its SHA-256 (trailing zeros
/// stripped), whoever writes it.
/// </summary>
/// <remarks>
/// <para><b>Thread-safety.</b> Every member may be called concurrently from any number of threads, including
/// concurrent puts of the same block; implementations serialise what they must.</para>
/// <para><b>Buffers.</b> The store never keeps a reference to memory passed in: a put has copied or written the
/// bytes when its task completes, and a read fills the caller's buffer. The caller must not change a buffer while
/// a call that uses it is running.</para>
/// <para><b>The empty block.</b> The hash of empty data (<see cref="BlockHash.Empty"/>, which is also the hash of an
/// all-zero block) is always present: it is never written, never reported missing, never enumerated, reads as
/// zeros and cannot be deleted.</para>
/// <para><b>Not found.</b> <see cref="ReadAsync"/> throws <see cref="BlockNotFoundException"/>;
/// <see cref="DeleteAsync"/> returns <see langword="false"/>; <see cref="GetMissingAsync"/> reports it.</para>
/// <para><b>Integrity.</b> Stored bytes that do not match their hash are never returned:
/// <see cref="ReadAsync"/> throws <see cref="BlockIntegrityException"/>, and a put of the same block repairs the
/// stored copy (<see cref="BlockPutOutcome.Repaired"/>).</para>
/// <para><b>Durability.</b> When a put completes, the block survives a crash of the process or the machine (for
/// durable implementations).</para>
/// </remarks>
public interface IBlockStore
{
    /// <summary>Gets the block size: the most bytes one block holds, and the length a read fills.</summary>
    int BlockSize { get; }

    /// <summary>Stores a block unless a sound copy is already present.</summary>
    /// <param name="block">The hashed block; its <see cref="HashedBlock.Length"/> must not exceed <see cref="BlockSize"/>.</param>
    /// <param name="cancellationToken">Cancels the put; a cancelled put leaves no partial block behind.</param>
    /// <returns>Whether the block was stored, already present, or repaired.</returns>
    /// <exception cref="ArgumentException">The block is longer than <see cref="BlockSize"/>.</exception>
    /// <exception cref="OperationCanceledException">The put was cancelled.</exception>
    ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a block into <paramref name="destination"/>, padded with zeros to <see cref="BlockSize"/>.
    /// </summary>
    /// <param name="hash">The block's hash.</param>
    /// <param name="destination">A buffer of at least <see cref="BlockSize"/> bytes; the first <see cref="BlockSize"/> are written.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The length of the block's content: the bytes before its trailing zeros.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="BlockSize"/>.</exception>
    /// <exception cref="BlockNotFoundException">No block has that hash.</exception>
    /// <exception cref="BlockIntegrityException">The stored copy does not match its hash.</exception>
    ValueTask<int> ReadAsync(BlockHash hash, Memory<byte> destination, CancellationToken cancellationToken = default);

    /// <summary>Tells which of <paramref name="hashes"/> are not stored, in one call.</summary>
    /// <param name="hashes">The hashes to test; duplicates are allowed.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The missing hashes, each once, in the order of their first appearance.</returns>
    ValueTask<IReadOnlyList<BlockHash>> GetMissingAsync(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken = default);

    /// <summary>Deletes a block.</summary>
    /// <param name="hash">The block's hash.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns><see langword="true"/> when a block was deleted; <see langword="false"/> when there was none.</returns>
    /// <remarks>The store does not know who references a block: callers (the object store's garbage collector) decide when a block may go.</remarks>
    ValueTask<bool> DeleteAsync(BlockHash hash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a batch of puts whose durability is settled together (group commit); the ingestion pipeline writes
    /// through one. The default puts each block with <see cref="PutAsync"/>, which is already durable.
    /// </summary>
    /// <returns>A new batch; the caller commits and disposes it.</returns>
    IBlockWriteBatch BeginBatch() => new ImmediateBlockWriteBatch(this);

    /// <summary>Enumerates the hashes of all stored blocks, in no particular order.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The stored hashes; blocks put or deleted during the enumeration may or may not appear.</returns>
    IAsyncEnumerable<BlockHash> EnumerateAsync(CancellationToken cancellationToken = default);
}
