using BenchmarkDotNet.Running;

namespace Plankton.Core.Benchmarks;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "ratios")
        {
            return await RatioRunner.RunAsync(args);
        }

        if (args.Length > 0 && args[0] == "listing-cpu")
        {
            return await ListingCpuRunner.RunAsync(args);
        }

        if (args.Length > 0 && args[0] == "memory")
        {
            return await MemoryRunner.RunAsync(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create());
        return 0;
    }
}
