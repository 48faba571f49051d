using System.Diagnostics.Metrics;

namespace Plankton.Core.Diagnostics;

/// <summary>
/// The names of the metrics Plankton.Core publishes through <see cref="System.Diagnostics.Metrics"/>: subscribe to
/// the meter <see cref="MeterName"/> (OpenTelemetry's <c>AddMeter</c>, <c>dotnet-counters</c>, or a
/// <see cref="MeterListener"/>) to watch them.
/// </summary>
public static class PlanktonMetrics
{
    /// <summary>The name of the meter every instrument belongs to.</summary>
    public const string MeterName = "Plankton.Core";

    /// <summary>
    /// Counter of catalogue transactions that pinned blocks for uploads (unit <c>{transaction}</c>). An upload pins
    /// blocks in groups, so a 1 GiB upload makes about a hundred, not one per block.
    /// </summary>
    public const string PinTransactions = "plankton.catalogue.pin_transactions";

    /// <summary>Counter of blocks pinned for uploads (unit <c>{block}</c>).</summary>
    public const string PinnedBlocks = "plankton.catalogue.pinned_blocks";

    private static readonly Meter s_meter = new(MeterName);

    /// <summary>Gets the counter behind <see cref="PinTransactions"/>.</summary>
    internal static Counter<long> PinTransactionCounter { get; } = s_meter.CreateCounter<long>(PinTransactions, "{transaction}", "Catalogue transactions that pinned blocks for uploads.");

    /// <summary>Gets the counter behind <see cref="PinnedBlocks"/>.</summary>
    internal static Counter<long> PinnedBlockCounter { get; } = s_meter.CreateCounter<long>(PinnedBlocks, "{block}", "Blocks pinned for uploads.");
}
