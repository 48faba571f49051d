using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Plankton.Core.Benchmarks;

/// <summary>The shared BenchmarkDotNet configuration: the defaults (which already export GitHub markdown) plus the memory diagnoser.</summary>
internal static class BenchmarkConfig
{
    public static IConfig Create() =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.JoinSummary);

    /// <summary>A short job for multi-second operations (1 GiB ingests): few iterations, one launch.</summary>
    internal sealed class Short : ManualConfig
    {
        public Short()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1));
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }
}
