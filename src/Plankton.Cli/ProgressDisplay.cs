using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Plankton.Cli;

/// <summary>
/// Progress of a long command on stderr: a Spectre.Console progress bar (bytes, rate, ETA) when stderr is a
/// terminal, a plain line every two seconds and one at the end otherwise, nothing with --quiet.
/// </summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan s_plainInterval = TimeSpan.FromSeconds(2);

    public static async Task<T> RunAsync<T>(string label, long? total, bool quiet, TextWriter error, Func<IProgress<long>?, Task<T>> work)
    {
        if (quiet)
        {
            return await work(null);
        }

        if (!Console.IsErrorRedirected && ReferenceEquals(error, Console.Error))
        {
            IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            T result = default!;
            await console.Progress()
                .AutoClear(false)
                .Columns(
                    new TaskDescriptionColumn(),
                    new ProgressBarColumn(),
                    new PercentageColumn(),
                    new DownloadedColumn(),
                    new TransferSpeedColumn(),
                    new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    ProgressTask task = context.AddTask(label, maxValue: Math.Max(1, total ?? 1));
                    task.IsIndeterminate = total is null;
                    result = await work(new Progress<long>(bytes =>
                    {
                        task.MaxValue = Math.Max(task.MaxValue, bytes);
                        task.Value = bytes;
                    }));
                    task.Value = task.MaxValue;
                });
            return result;
        }

        var plain = new PlainProgress(label, total, error);
        T value = await work(plain);
        plain.Finish();
        return value;
    }

    /// <summary>Plain progress lines for logs and pipes.</summary>
    private sealed class PlainProgress(string label, long? total, TextWriter error) : IProgress<long>
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private TimeSpan _last;
        private long _bytes;

        public void Report(long value)
        {
            _bytes = value;
            if (_watch.Elapsed - _last >= s_plainInterval)
            {
                _last = _watch.Elapsed;
                error.WriteLine(Line());
            }
        }

        public void Finish() => error.WriteLine(Line());

        private string Line()
        {
            double rate = _bytes / Math.Max(_watch.Elapsed.TotalSeconds, 1e-3);
            string of = total is long t ? string.Create(CultureInfo.InvariantCulture, $" of {Sizes.Format(t)}") : string.Empty;
            return string.Create(CultureInfo.InvariantCulture, $"{label}: {Sizes.Format(_bytes)}{of}, {Sizes.Format((long)rate)}/s");
        }
    }
}
