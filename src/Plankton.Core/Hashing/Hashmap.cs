namespace Plankton.Core.Hashing;

/// <summary>
/// The Pithos description of an object's data: its ordered block hashes, its size and its top hash.
/// </summary>
/// <remarks>
/// A size-0 object has the hashmap <c>[sha256("")]</c> and the top hash <see cref="BlockHash.Empty"/>
/// (spec §9.2). Instances are immutable and thread-safe.
/// </remarks>
public sealed class Hashmap
{
    private readonly BlockHash[] _blocks;

    /// <summary>Initializes a new instance of the <see cref="Hashmap"/> class, computing the top hash.</summary>
    /// <param name="blocks">The ordered block hashes; copied.</param>
    /// <param name="size">The object size in bytes.</param>
    /// <param name="blockSize">The block size the object was cut with.</param>
    /// <exception cref="ArgumentOutOfRangeException">The block size is not supported, or the size is negative.</exception>
    /// <exception cref="ArgumentException">The number of blocks does not match the size.</exception>
    public Hashmap(ReadOnlySpan<BlockHash> blocks, long size, int blockSize)
        : this(blocks.ToArray(), size, blockSize, validate: true)
    {
    }

    internal Hashmap(BlockHash[] blocks, long size, int blockSize, bool validate)
    {
        if (validate)
        {
            HashingConstants.ValidateBlockSize(blockSize);
            ArgumentOutOfRangeException.ThrowIfNegative(size);
            long expected = ExpectedBlockCount(size, blockSize);
            if (blocks.Length != expected)
            {
                throw new ArgumentException(
                    $"A {size}-byte object cut into {blockSize}-byte blocks has {expected} block hashes; {blocks.Length} were given.",
                    nameof(blocks));
            }
        }

        _blocks = blocks;
        Size = size;
        BlockSize = blockSize;
        TopHash = PithosHash.ComputeTopHash(blocks);
    }

    /// <summary>Gets the ordered block hashes.</summary>
    public ReadOnlySpan<BlockHash> Blocks => _blocks;

    /// <summary>Gets the number of blocks.</summary>
    public int Count => _blocks.Length;

    /// <summary>Gets the object size in bytes.</summary>
    public long Size { get; }

    /// <summary>Gets the block size the object was cut with.</summary>
    public int BlockSize { get; }

    /// <summary>Gets the Pithos top hash (the object's checksum).</summary>
    public BlockHash TopHash { get; }

    /// <summary>Returns the number of block hashes an object of <paramref name="size"/> bytes has.</summary>
    /// <param name="size">The object size.</param>
    /// <param name="blockSize">The block size.</param>
    /// <returns><c>ceil(size / blockSize)</c>, and 1 for an empty object.</returns>
    public static long ExpectedBlockCount(long size, int blockSize) =>
        size == 0 ? 1 : ((size - 1) / blockSize) + 1;

    /// <summary>Returns the block hashes as a new array.</summary>
    /// <returns>A copy of the hashes.</returns>
    public BlockHash[] ToArray() => (BlockHash[])_blocks.Clone();
}
