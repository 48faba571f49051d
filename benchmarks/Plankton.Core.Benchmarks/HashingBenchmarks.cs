using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Plankton.Core.Hashing;

namespace Plankton.Core.Benchmarks;

/// <summary>
/// Per-block hashing cost and allocations: the BCL SHA-256 baseline, the Pithos block hash (trailing-zero scan +
/// SHA-256), and the parallel streaming hasher per block (OperationsPerInvoke = blocks in the input). The two
/// stream sizes separate the fixed cost of a run (threads, slots) from the marginal cost of a block.
/// </summary>
[MemoryDiagnoser]
public class HashingBenchmarks
{
    private const int BlockSize = HashingConstants.DefaultBlockSize;
    private const int StreamBlocks = 64;

    private readonly byte[] _digest = new byte[32];
    private byte[] _block = [];
    private byte[] _stream = [];

    [GlobalSetup]
    public void Setup()
    {
        _block = BenchmarkInputs.MakeRandom(BlockSize, 1);
        _stream = BenchmarkInputs.MakeRandom(StreamBlocks * BlockSize, 2);
    }

    [Benchmark(Baseline = true, Description = "SHA256.HashData, one 4 MiB block")]
    public int Sha256HashData() => SHA256.HashData(_block, _digest);

    [Benchmark(Description = "PithosHash.HashBlock, one 4 MiB block")]
    public BlockHash PithosHashBlock() => PithosHash.HashBlock(_block);

    [Benchmark(OperationsPerInvoke = StreamBlocks, Description = "PithosStreamHasher, per 4 MiB block of a 256 MiB stream")]
    public async Task<BlockHash> StreamHasherPerBlock() =>
        (await PithosStreamHasher.HashAsync(BenchmarkInputs.Exposed(_stream))).TopHash;

    [Benchmark(OperationsPerInvoke = StreamBlocks / 4, Description = "PithosStreamHasher, per 4 MiB block of a 64 MiB stream")]
    public async Task<BlockHash> StreamHasherPerBlockShort() =>
        (await PithosStreamHasher.HashAsync(new MemoryStream(_stream, 0, _stream.Length / 4, writable: false, publiclyVisible: true))).TopHash;
}
