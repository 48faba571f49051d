using BenchmarkDotNet.Running;

namespace Plankton.Core.Benchmarks;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        switch (args.Length > 0 ? args[0] : null)
        {
            case "ratios":
                return await RatioRunner.RunAsync(args);
            case "s3":
                return await S3Runner.RunAsync(args);
            case "put-ratio":
                return await PutRatioRunner.RunAsync(args);
            case "listing-cpu":
                return await ListingCpuRunner.RunAsync(args);
            case "memory":
                return await MemoryRunner.RunAsync(args);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create());
                return 0;
        }
    }
}
